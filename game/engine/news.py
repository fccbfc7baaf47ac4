"""News headlines: what happened in a round and why, in Bahasa Indonesia and English.

Headlines name causes ("three countries had closed borders"), because the debrief is about
linking outcomes to choices. Numbers use each language's decimal mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .scenario import Scenario

Headline = dict[str, Any]


def number(value: float, language: str, digits: int = 1) -> str:
    text = f"{value:,.{digits}f}"
    if language == "id":
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def names(scenario: Scenario, ids: Sequence[str], language: str) -> str:
    labels = [scenario.country(cid).name.get(language) for cid in ids]
    joiner = " dan " if language == "id" else " and "
    if len(labels) <= 2:
        return joiner.join(labels)
    return ", ".join(labels[:-1]) + "," + joiner + labels[-1]


def headline(kind: str, en: str, id_: str, **data: Any) -> Headline:
    return {"kind": kind, "headline": {"id": id_, "en": en}, **data}


def milestone(target: float, account: float, reached: bool, chance: float, ev: bool) -> Headline:
    if reached:
        return headline(
            "milestone_reached",
            f"Climate milestone reached: the shared fund holds {number(account, 'en')} "
            f"of the {number(target, 'en')} needed",
            f"Target iklim tercapai: dana bersama berisi {number(account, 'id')} "
            f"dari {number(target, 'id')} yang dibutuhkan",
        )
    if ev:
        return headline(
            "milestone_missed",
            f"Climate milestone missed ({number(account, 'en')} of {number(target, 'en')}): "
            f"expected disaster losses at {chance:.0%} risk",
            f"Target iklim gagal ({number(account, 'id')} dari {number(target, 'id')}): "
            f"kerugian bencana yang diperkirakan pada risiko {chance:.0%}",
        )
    if chance > 0:
        return headline(
            "disaster",
            f"Climate disaster: the shared fund reached only {number(account, 'en')} of "
            f"{number(target, 'en')}, and the risk struck",
            f"Bencana iklim: dana bersama hanya mencapai {number(account, 'id')} dari "
            f"{number(target, 'id')}, dan risikonya terjadi",
        )
    return headline(
        "near_miss",
        f"Climate milestone missed ({number(account, 'en')} of {number(target, 'en')}), "
        "but no disaster this time",
        f"Target iklim gagal ({number(account, 'id')} dari {number(target, 'id')}), "
        "namun kali ini tidak terjadi bencana",
    )


def displacement(scenario: Scenario, worst: str, people: float, closed: Sequence[str]) -> Headline:
    name_en = scenario.country(worst).name.en
    name_id = scenario.country(worst).name.id
    count_en = _count(len(closed), "en")
    count_id = _count(len(closed), "id")
    return headline(
        "displacement",
        f"Climate damage and insecurity in {name_en} displace {number(people, 'en')} million; "
        f"{count_en} closed borders",
        f"Kerusakan iklim dan rasa tidak aman di {name_id} membuat {number(people, 'id')} juta "
        f"orang mengungsi; {count_id} menutup perbatasan",
        country=worst,
        people=people,
    )


def attacks(scenario: Scenario, total: float, worst: str, level: float) -> Headline:
    return headline(
        "attacks",
        f"{number(total, 'en')} attacks this round, most in "
        f"{scenario.country(worst).name.en}, whose security stood at {level:.0%}",
        f"{number(total, 'id')} serangan pada ronde ini, terbanyak di "
        f"{scenario.country(worst).name.id}, yang tingkat keamanannya {level:.0%}",
        country=worst,
    )


def protectionism(scenario: Scenario, ids: Sequence[str], lost_share: float) -> Headline:
    return headline(
        "protectionism",
        f"{names(scenario, ids, 'en')} chose protection; world trade is "
        f"{lost_share:.0%} smaller than it could have been",
        f"{names(scenario, ids, 'id')} memilih proteksionisme; perdagangan dunia "
        f"{lost_share:.0%} lebih kecil dari seharusnya",
        countries=list(ids),
    )


def inequality(before: float, after: float) -> Headline:
    rose = after > before
    return headline(
        "inequality",
        f"Inequality {'rose' if rose else 'fell'}: the Gini index went from "
        f"{number(before, 'en', 3)} to {number(after, 'en', 3)}",
        f"Ketimpangan {'naik' if rose else 'turun'}: indeks Gini bergerak dari "
        f"{number(before, 'id', 3)} ke {number(after, 'id', 3)}",
    )


def pledges_broken(scenario: Scenario, title: str, ids: Sequence[str]) -> Headline:
    return headline(
        "pledge_broken",
        f"Pledge broken: {names(scenario, ids, 'en')} did not keep '{title}'",
        f"Janji dilanggar: {names(scenario, ids, 'id')} tidak menepati '{title}'",
        countries=list(ids),
    )


def agreement_expired(title: str) -> Headline:
    return headline(
        "agreement_expired",
        f"Agreement '{title}' has run its course and expired",
        f"Perjanjian '{title}' telah berakhir masa berlakunya",
    )


def fallbacks(scenario: Scenario, ids: Sequence[str]) -> Headline:
    return headline(
        "fallback",
        f"{names(scenario, ids, 'en')} submitted no policy and kept the previous one",
        f"{names(scenario, ids, 'id')} tidak menyerahkan kebijakan dan "
        "memakai kebijakan sebelumnya",
        countries=list(ids),
    )


def scheduled(text: Mapping[str, str]) -> Headline:
    return headline("scheduled", text["en"], text["id"])


def _count(n: int, language: str) -> str:
    words = {
        "en": ["no countries", "one country", "two countries", "three countries"],
        "id": ["tidak ada negara yang", "satu negara", "dua negara", "tiga negara"],
    }
    if n < len(words[language]):
        return words[language][n]
    return f"{n} countries" if language == "en" else f"{n} negara"
