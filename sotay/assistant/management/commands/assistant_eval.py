"""`make eval-assistant`: top-1, top-3, MRR, decline precision/recall and p95 latency of the
assistant on its question set, for every tokenisation scheme and with/without dense retrieval.

With ``--fresh`` it works on its own database: migrates it and loads the corpus documents
(``SOTAY_CORPUS_DIR``), so it runs from a fresh clone."""

from __future__ import annotations

import functools
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sotay.assistant import dense
from sotay.assistant.engine import ask
from sotay.assistant.evaluation import PARTS, evaluate, load
from sotay.assistant.text import DEFAULT_SCHEME, SCHEMES


class Command(BaseCommand):
    help = "Đo chất lượng trợ lý trên bộ câu hỏi đánh giá."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fresh", action="store_true", help="tạo CSDL và nạp văn bản trước")
        parser.add_argument("--misses", action="store_true", help="in các câu trả lời sai")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fresh"]:
            call_command("migrate", "--noinput", verbosity=0)
            from sotay.content.models import Item

            if not Item.objects.filter(kind="document").exists():
                from sotay.content.corpus import load_corpus
                from sotay.orgs.services import org_create

                root = org_create(parent=None, kind="provincial", code="TN", name="Đảng bộ tỉnh")
                load_corpus(root)
        # Each tokenisation lexical only (and the party-word gate, as without AVX2), then the
        # default: lexical, e5 reranking and the confidence gate.
        runs: list[tuple[str, Any]] = [
            (f"{s} (lexical)", functools.partial(ask, hybrid=False)) for s in SCHEMES
        ]
        if dense.available():
            runs.append((f"{DEFAULT_SCHEME} + e5", functools.partial(ask, hybrid=True)))
        for part in PARTS:
            questions = load(part)
            out = sum(q.out_of_scope for q in questions)
            self.stdout.write(
                f"\n{part}: {len(questions) - out} câu trong phạm vi, {out} câu ngoài phạm vi\n"
                "| retrieval | top-1 | top-3 | MRR | several articles | decline precision | "
                "decline recall | p95 ms | uncited |\n|---|---|---|---|---|---|---|---|---|"
            )
            for label, fn in runs:
                scheme = label.split(" ")[0]
                r = evaluate(scheme, ask=fn, part=part)
                default = label == f"{DEFAULT_SCHEME} + e5" or not dense.available()
                mark = " (mặc định)" if default and label.split(" ")[0] == DEFAULT_SCHEME else ""
                self.stdout.write(
                    f"| {label}{mark} | {r.top1:.0%} | {r.top3:.0%} | {r.mrr:.2f} | "
                    f"{r.several:.0%} | {r.decline_precision:.0%} | {r.decline_recall:.0%} | "
                    f"{r.p95_ms:.1f} | {r.uncited} |"
                )
                # The held-out part's misses are not printed: reading them is tuning on them.
                if options["misses"] and mark and part == "tuning":
                    for question, found in r.misses:
                        self.stdout.write(f"    sai: {question} → {', '.join(found)}")
