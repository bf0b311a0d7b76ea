"""Fictional news articles for store tests: made-up towns, people and figures, written here.

Each event is reported by several made-up outlets in slightly different words, so stories have
several articles and the cross-checking stages have work to do.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_TOWNS = [
    "Vellmar",
    "Ostrick",
    "Pannow",
    "Lirrel",
    "Quenby",
    "Dartholm",
    "Savrin",
    "Ambergate",
    "Tolloway",
    "Fenwick",
]
_SURNAMES = [
    "Okonkwo-Bray",
    "Haldane",
    "Marchetti",
    "Szabo",
    "Whitlock",
    "Nakagawa",
    "Oyelaran",
    "Brandt",
    "Lindqvist",
]
_EVENTS = [
    ("a fire at the {town} grain depot", "firefighters", "tonnes of grain"),
    ("flooding along the {town} canal", "rescue crews", "homes"),
    ("a bus crash on the {town} ring road", "paramedics", "passengers"),
    ("a power cut across {town}", "engineers", "households"),
    ("a strike at the {town} tram works", "union officials", "workers"),
]
_OUTLETS = ["Vellmar Courier", "Northmoor Post", "Tideline Radio", "The Ostrick Ledger", "Quenby Daily"]
_MONTHS = ["March", "April", "May", "June"]


def fictional_articles(n: int, seed: int = 7, per_event: int = 4) -> list[dict[str, str]]:
    """``n`` JSONL-ready records (id, title, text, url), ``per_event`` outlets per event."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    event = 0
    while len(out) < n:
        town = rng.choice(_TOWNS) + ("" if event < 50 else f" {event}")
        kind, crew, counted = rng.choice(_EVENTS)
        what = kind.format(town=town)
        official = f"{rng.choice(['Mara', 'Ivo', 'Tess', 'Anouk', 'Piet'])} {rng.choice(_SURNAMES)}"
        count = rng.randint(12, 900)
        day = rng.randint(1, 28)
        month = rng.choice(_MONTHS)
        for k in range(per_event):
            if len(out) >= n:
                break
            outlet = _OUTLETS[k % len(_OUTLETS)]
            figure = count if k != per_event - 1 else count + rng.choice([0, 0, 10])
            text = (
                f"{crew.capitalize()} were called to {what} on {month} {day}, 2031, {outlet} reports. "
                f"About {figure} {counted} were affected, according to {official}, who leads the local council. "
                f'"We are doing everything we can," {official} told reporters in {town}. '
                f"Event number {event} left roads closed for hours while {crew} worked through the night. "
                f"Residents of {town} were asked to stay away until the site was declared safe."
            )
            out.append(
                {
                    "id": f"ev{event}-{k}",
                    "title": f"{what[0].upper()}{what[1:]}: {figure} {counted} affected",
                    "text": text,
                    "url": f"https://{outlet.lower().replace(' ', '-')}.example/news/{event}-{k}",
                }
            )
        event += 1
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    """Write records as one JSONL file."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
