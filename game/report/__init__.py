"""The debrief report of a game, and the game as it stood after any of its rounds.

Everything here is folded from the recorded events, so a report is right for any game,
finished yesterday or last term, and never depends on a live process.
"""

from game.report.build import Report, build_report
from game.report.replay import RoundView, after_round, resolved_rounds, round_view

__all__ = ["Report", "RoundView", "after_round", "build_report", "resolved_rounds", "round_view"]
