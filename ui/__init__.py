"""The Gradio web app: a thin adapter over :class:`assistant.service.Assistant`.

Gradio is imported only here, so the library and CLI stay quick to import.
"""
