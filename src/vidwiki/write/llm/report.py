"""Rich tables for the ledger printed after a build and for ``--dry-run``."""

from __future__ import annotations

from rich.table import Table

from .dryrun import Plan


def ledger_table(ledger: dict) -> Table:
    table = Table(title=f"model calls: {ledger.get('writer', '')}", box=None)
    for col in ("stage", "calls", "cached", "retries", "prompt tok", "completion tok", "seconds"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    rows = list(ledger.get("stages", {}).items()) + [("total", ledger.get("total", {}))]
    for stage, s in rows:
        table.add_row(stage, str(s.get("calls", 0)), str(s.get("cached", 0)), str(s.get("retries", 0)),
                      str(s.get("prompt_tokens", 0)), str(s.get("completion_tokens", 0)), f"{s.get('seconds', 0.0):.1f}")
    videos = ledger.get("videos", {})
    sent = sum(v["sent"] for v in videos.values())
    own = sum(v["transcript"] for v in videos.values())
    if own:
        table.caption = (f"transcript tokens sent {sent} / transcript tokens {own} = {sent / own:.2f}x "
                         f"(worst video {ledger.get('max_sent_ratio', 0):.2f}x); sentences: "
                         + ", ".join(f"{k} {v}" for k, v in sorted(ledger.get("claims", {}).items())))
    return table


def plan_table(plan: Plan) -> Table:
    table = Table(title=f"dry run: --writer {plan.writer} ({plan.model})", show_header=False, box=None)
    table.add_row("videos / articles", f"{plan.videos} / {plan.articles}")
    table.add_row("model calls", f"{plan.calls} to make, {plan.cached_calls} already cached (free)")
    table.add_row("prompt tokens", str(plan.prompt_tokens))
    table.add_row("completion tokens", f"at most {plan.completion_tokens_max}")
    ratio = plan.transcript_tokens_sent / plan.transcript_tokens if plan.transcript_tokens else 0.0
    table.add_row("transcript tokens", f"{plan.transcript_tokens_sent} sent of {plan.transcript_tokens} ({ratio:.2f}x)")
    cost = f"${plan.cost:.4f}" if plan.price_in or plan.price_out else "$0 (set --price-in/--price-out per 1M tokens)"
    table.add_row("estimated cost", cost)
    table.caption = "Rewrites and judge calls depend on the answers and are not counted. Nothing was sent."
    return table
