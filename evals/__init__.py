"""The evaluation suite: hand-made datasets, metrics, an LLM/lexical judge and a baseline.

Run it with ``wsoa eval`` (see :mod:`assistant.cli.eval_command`). The modules:

* :mod:`evals.items`: typed dataset items (``evals/datasets/*.jsonl``);
* :mod:`evals.metrics`: pure metric functions (citations, ALCE, abstention, retrieval);
* :mod:`evals.judge`: the entailment judge (``Judge`` protocol, LLM and lexical);
* :mod:`evals.baseline`: the plain LangChain "stuff" recipe to compare against;
* :mod:`evals.corpus`: the dedicated eval index (bundled corpus + the two PDFs);
* :mod:`evals.retrieval`, :mod:`evals.answers`, :mod:`evals.runner`: running a suite;
* :mod:`evals.report`: tables, Markdown and JSON reports in ``evals/reports/``.
"""
