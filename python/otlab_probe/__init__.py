"""otlab-probe: report POT and OTT-JAX solves as otlab's record stream.

The stream (``otlab/1``, JSON lines: header, records, plan snapshots, potentials, summary) is
specified in ``docs/record-stream.md`` of the otlab repository. ``otlab watch`` draws it live.

- ``otlab_probe.stream.Stream``: the writer.
- ``otlab_probe.pot``: POT solvers run in warm-started chunks, one record per chunk, same results.
- ``otlab_probe.ott``: a ``progress_fn`` for OTT-JAX's ``Sinkhorn``.
- ``python -m otlab_probe solve --engine pot|ott A B ...``: the CLI.

Each engine is imported only when used, so the package needs only the engine it drives.
"""

from .stream import Stream, aggregate, VERSION

__all__ = ["Stream", "aggregate", "VERSION"]
__version__ = "0.1.0"
