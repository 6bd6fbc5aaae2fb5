"""The writer: typed stages from assertions to the graph (see :mod:`ingest.writer.core`).

entries (:mod:`.entries`) → validation with reasons (:mod:`.prepare`, :mod:`.checks`,
:mod:`.report`) → a pure plan (:mod:`.plan`) → an executor on store protocol methods
(:mod:`.execute`), driven by :class:`GraphWriter` under the graph's write lock.
"""

from __future__ import annotations

from iegraph.ingest.writer.checks import check_date, row_of
from iegraph.ingest.writer.core import GraphWriter
from iegraph.ingest.writer.entries import SOURCE_CLASS, NodeEntry, RelEntry, derive_node, derive_rel
from iegraph.ingest.writer.plan import GraphState, WritePlan, plan_write
from iegraph.ingest.writer.prepare import Prepared, Preparer
from iegraph.ingest.writer.report import Problem, Reason, WriteSummary, reason_counts

__all__ = [
    "SOURCE_CLASS",
    "GraphState",
    "GraphWriter",
    "NodeEntry",
    "Prepared",
    "Preparer",
    "Problem",
    "Reason",
    "RelEntry",
    "WritePlan",
    "WriteSummary",
    "check_date",
    "derive_node",
    "derive_rel",
    "plan_write",
    "reason_counts",
    "row_of",
]
