"""What the SEND improvement domain is made of, kept as data in one place.

The structure parser, the question parser, the action register and the statement
classifier all read their vocabulary from here, so they cannot drift apart.
"""
