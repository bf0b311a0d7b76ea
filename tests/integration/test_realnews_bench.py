"""The realnews bench's choice of a setting among tied ones (bench/realnews.py ``plateau_centre``).

On a small dev set many settings of a grid tie on the training folds; the first of them (the
smallest values) sits on the edge of the tied plateau, where one pair more in a fold moves the
choice. The middle of the plateau is chosen instead.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bench.realnews import plateau_centre

AXES = {"low": (1.0, 2.0, 3.0, 4.0, 5.0), "high": (10.0, 20.0, 30.0)}


@dataclass(frozen=True)
class Setting:
    low: float
    high: float


GRID = [Setting(a, b) for a, b in itertools.product(AXES["low"], AXES["high"])]


def test_a_unique_best_setting_is_chosen_wherever_it_lies() -> None:
    scores = {g: 0.5 for g in GRID}
    scores[Setting(1.0, 10.0)] = 0.9
    assert plateau_centre(GRID, scores, AXES) == Setting(1.0, 10.0)


def test_among_tied_settings_the_middle_of_the_plateau_is_chosen() -> None:
    scores = {g: (0.9 if g.low <= 4.0 and g.high == 20.0 else 0.5) for g in GRID}
    # tied: low 1-4 at high 20; the middle (median position 1.5 of 0-3) is nearest 2 or 3
    assert plateau_centre(GRID, scores, AXES) == Setting(2.0, 20.0)


def test_a_setting_off_the_axes_is_chosen_only_when_nothing_on_them_ties() -> None:
    off = Setting(2.5, 20.0)
    scores = {g: 0.5 for g in GRID} | {off: 0.9, Setting(5.0, 30.0): 0.9}
    assert plateau_centre([*GRID, off], scores, AXES) == Setting(5.0, 30.0)
    assert plateau_centre([off], {off: 0.1}, AXES) == off
