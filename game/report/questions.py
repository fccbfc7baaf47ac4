"""Discussion questions for the lesson after a game, in Bahasa Indonesia and English.

The questions follow the civics topic the game is played for, "Tantangan dan Peluang
Kerjasama Multilateral di Era Globalisasi": global inequality; protectionism and nationalism
against cooperation; climate, terrorism and migration as linked issues; and the
opportunities of ICT, the green and digital economy, sustainable development and
civil-society participation. Each question opens with what this class's game showed, so
the discussion starts from the students' own choices. Both languages are kept side by side,
like the scenario texts and the news, because a bilingual class reads both at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.news import number


@dataclass(frozen=True)
class Facts:
    """What the questions quote from one game."""

    issues: dict[str, bool]
    rounds: int
    countries: int
    gini: tuple[float, float]
    gap: tuple[float | None, float | None]
    welfare: tuple[float, float, float]  # start, end, had every pledge been kept
    warming: tuple[float, float]
    climate_account: float
    disasters: int
    attacks: float
    migrants: float
    protectors: int
    pledges_kept: int
    pledges_broken: int
    agreements_active: int
    green_agreements: int
    civil_players: int
    statements: int
    groups: int
    private_messages: int
    # The biggest gainer and loser of wealth per person: names by language, and the change.
    gainer: tuple[dict[str, str], float] | None
    loser: tuple[dict[str, str], float] | None


@dataclass(frozen=True)
class Question:
    key: str
    topic: dict[str, str]
    text: dict[str, str]

    def side_by_side(self, language: str) -> list[dict[str, str]]:
        """The page's language first, then the other one."""
        order = ("en", "id") if language == "en" else ("id", "en")
        return [
            {"lang": lang, "topic": self.topic[lang], "text": self.text[lang]} for lang in order
        ]


def _n(value: float, language: str, digits: int = 0) -> str:
    return number(value, language, digits)


def _change(share: float, language: str) -> str:
    sign = "+" if share > 0 else "−" if share < 0 else ""
    return f"{sign}{_n(abs(100 * share), language)}%"


def _en_count(count: float, one: str, many: str, digits: int = 0) -> str:
    return f"{_n(count, 'en', digits)} {one if round(count, digits) == 1 else many}"


def questions(facts: Facts) -> list[Question]:
    return [
        _inequality(facts),
        _nationalism(facts),
        _linked_issues(facts),
        _civil_society(facts),
        _opportunities(facts),
        _sustainable_development(facts),
    ]


def _inequality(f: Facts) -> Question:
    (g0, g1), (x0, x1) = f.gini, f.gap
    en = f"Inequality between the world's people (Gini) went from {_n(g0, 'en', 3)} to "
    en += f"{_n(g1, 'en', 3)}"
    id_ = f"Ketimpangan antarpenduduk dunia (Gini) bergerak dari {_n(g0, 'id', 3)} ke "
    id_ += f"{_n(g1, 'id', 3)}"
    if x0 is not None and x1 is not None:
        en += (
            f", and a person in a developed country went from {_n(x0, 'en', 1)} to "
            f"{_n(x1, 'en', 1)} times as rich as a person in a developing one"
        )
        id_ += (
            f", dan penduduk negara maju yang tadinya {_n(x0, 'id', 1)} kali lebih kaya "
            f"daripada penduduk negara berkembang kini {_n(x1, 'id', 1)} kali"
        )
    en += "."
    id_ += "."
    if f.gainer:
        names, share = f.gainer
        en += f" {names['en']} gained most ({_change(share, 'en')} wealth per person)."
        id_ += f" {names['id']} paling diuntungkan ({_change(share, 'id')} kekayaan per orang)."
    if f.loser:
        names, share = f.loser
        en += f" {names['en']} lost most ({_change(share, 'en')})."
        id_ += f" {names['id']} paling dirugikan ({_change(share, 'id')})."
    en += (
        " Who carried the losses of this game, and was that fair? What would a fairer deal "
        "between rich and poor countries have looked like?"
    )
    id_ += (
        " Siapa yang menanggung kerugian dalam permainan ini, dan apakah itu adil? Seperti apa "
        "kesepakatan yang lebih adil antara negara kaya dan negara miskin?"
    )
    return Question(
        "inequality",
        {"id": "Ketimpangan global", "en": "Global inequality"},
        {"id": id_, "en": en},
    )


def _nationalism(f: Facts) -> Question:
    en, id_ = [], []
    if f.issues.get("trade"):
        en.append(
            f"{f.protectors} of {f.countries} delegations protected their trade at least once."
        )
        id_.append(f"{f.protectors} dari {f.countries} delegasi pernah memproteksi perdagangannya.")
    if f.agreements_active == 0:
        en.append("No agreement came into force.")
        id_.append("Tidak ada perjanjian yang sempat berlaku.")
    else:
        en.append(
            f"Pledges were kept {_en_count(f.pledges_kept, 'time', 'times')} and broken "
            f"{_en_count(f.pledges_broken, 'time', 'times')}."
        )
        id_.append(f"Janji ditepati {f.pledges_kept} kali dan dilanggar {f.pledges_broken} kali.")
    _, actual, kept = f.welfare
    if actual and abs(kept - actual) / actual > 0.001:
        en.append(
            f"Had every pledge been kept, world welfare would have ended at {_n(kept, 'en', 2)} "
            f"instead of {_n(actual, 'en', 2)}."
        )
        id_.append(
            f"Seandainya semua janji ditepati, kesejahteraan dunia akan berakhir di "
            f"{_n(kept, 'id', 2)}, bukan {_n(actual, 'id', 2)}."
        )
    en.append(
        "When did your delegation put the national interest first, and when did it choose to "
        "cooperate? What made a promise hard to keep?"
    )
    id_.append(
        "Kapan delegasimu mendahulukan kepentingan nasional, dan kapan memilih bekerja sama? "
        "Apa yang membuat janji sulit ditepati?"
    )
    return Question(
        "nationalism",
        {"id": "Nasionalisme atau kerja sama", "en": "Nationalism or cooperation"},
        {"id": " ".join(id_), "en": " ".join(en)},
    )


def _linked_issues(f: Facts) -> Question:
    topic = {"id": "Isu global yang saling terkait", "en": "Linked global issues"}
    if not (f.issues.get("terrorism") or f.issues.get("migration")):
        return Question(
            "linked_issues",
            topic,
            {
                "en": "This game was about the climate alone. In the real world, how is climate "
                "change linked to migration and to security? Does that make agreement easier or "
                "harder?",
                "id": "Permainan ini hanya tentang iklim. Di dunia nyata, bagaimana perubahan "
                "iklim berkaitan dengan migrasi dan keamanan? Apakah keterkaitan itu membuat "
                "kesepakatan lebih mudah atau lebih sulit?",
            },
        )
    en, id_ = [], []
    if f.issues.get("climate"):
        en.append(_en_count(f.disasters, "climate disaster", "climate disasters"))
        id_.append(f"{f.disasters} bencana iklim")
    if f.issues.get("terrorism"):
        digits = 0 if float(f.attacks).is_integer() else 1
        en.append(_en_count(f.attacks, "attack", "attacks", digits))
        id_.append(f"{_n(f.attacks, 'id', digits)} serangan teror")
    if f.issues.get("migration"):
        en.append(f"{_n(f.migrants, 'en', 1)} million people on the move")
        id_.append(f"{_n(f.migrants, 'id', 1)} juta orang berpindah negara")
    return Question(
        "linked_issues",
        topic,
        {
            "en": f"This game saw {', '.join(en)}. Find a moment when a problem in one issue made "
            "another worse (a disaster that drove people from their homes, insecurity that closed "
            "borders). Why can no country solve such problems alone?",
            "id": f"Permainan ini mencatat {', '.join(id_)}. Temukan satu saat ketika masalah di "
            "satu isu memperburuk isu lain (bencana yang memaksa orang mengungsi, rasa tidak aman "
            "yang membuat perbatasan ditutup). Mengapa tidak ada negara yang dapat menyelesaikan "
            "masalah seperti itu sendirian?",
        },
    )


def _civil_society(f: Facts) -> Question:
    if f.civil_players:
        en = (
            f"{_en_count(f.civil_players, 'player', 'players')} took part as civil society or the "
            f"press and published {_en_count(f.statements, 'statement', 'statements')}."
        )
        id_ = (
            f"{f.civil_players} pemain berperan sebagai masyarakat sipil atau pers dan menerbitkan "
            f"{f.statements} pernyataan."
        )
    else:
        en = "Nobody played civil society or the press in this game."
        id_ = "Dalam permainan ini tidak ada yang berperan sebagai masyarakat sipil atau pers."
    en += (
        " How can citizens, NGOs and journalists make governments keep the promises they sign? "
        "What could they have done in this game, and what can you do in your own community?"
    )
    id_ += (
        " Bagaimana warga, LSM, dan jurnalis dapat mendorong pemerintah menepati janji yang "
        "ditandatanganinya? Apa yang bisa mereka lakukan dalam permainan ini, dan apa yang bisa "
        "kamu lakukan di lingkunganmu sendiri?"
    )
    return Question(
        "civil_society",
        {"id": "Peran masyarakat sipil", "en": "The role of civil society"},
        {"id": id_, "en": en},
    )


def _opportunities(f: Facts) -> Question:
    en = (
        f"Delegations opened {_en_count(f.groups, 'private channel', 'private channels')} and "
        f"sent {_en_count(f.private_messages, 'private message', 'private messages')}"
    )
    id_ = (
        f"Delegasi membuka {f.groups} saluran pribadi dan mengirim {f.private_messages} "
        "pesan pribadi"
    )
    if f.green_agreements:
        kind = "green or digital economy agreement"
        agreements = _en_count(f.green_agreements, kind, f"{kind}s")
        en += f"; {agreements} came into force."

        id_ += f"; {f.green_agreements} perjanjian ekonomi hijau atau digital berlaku."
    else:
        en += "; no green or digital economy agreement came into force."
        id_ += "; tidak ada perjanjian ekonomi hijau atau digital yang berlaku."
    en += (
        " How did digital tools help you coordinate with other countries, and when did they not "
        "help? Why can cooperation in the green and digital economy serve both development and "
        "the planet?"
    )
    id_ += (
        " Bagaimana teknologi informasi dan komunikasi membantu kalian berkoordinasi dengan "
        "negara lain, dan kapan tidak membantu? Mengapa kerja sama di bidang ekonomi hijau dan "
        "ekonomi digital dapat sekaligus mendukung pembangunan dan menjaga bumi?"
    )
    return Question(
        "opportunities",
        {
            "id": "Peluang: TIK, ekonomi hijau, dan ekonomi digital",
            "en": "Opportunities: ICT, the green and the digital economy",
        },
        {"id": id_, "en": en},
    )


def _sustainable_development(f: Facts) -> Question:
    w0, w1 = f.warming
    if f.issues.get("climate") and abs(w1 - w0) >= 0.005:
        en = f"Warming went from {_n(w0, 'en', 2)} to {_n(w1, 'en', 2)} °C."
        id_ = f"Pemanasan global bergerak dari {_n(w0, 'id', 2)} ke {_n(w1, 'id', 2)} °C."
    else:
        en = f"The shared climate fund reached {_n(f.climate_account, 'en', 1)}."
        id_ = f"Dana iklim bersama mencapai {_n(f.climate_account, 'id', 1)}."
    en += (
        " Imagine you represent Indonesia at the next ASEAN or G20 summit. Which one agreement "
        "for sustainable development would you propose, and how would you persuade other "
        "countries to sign it and to keep it?"
    )
    id_ += (
        " Bayangkan kamu mewakili Indonesia di KTT ASEAN atau G20 berikutnya. Perjanjian apa "
        "untuk pembangunan berkelanjutan yang akan kamu usulkan, dan bagaimana kamu meyakinkan "
        "negara lain untuk menandatangani sekaligus menepatinya?"
    )
    return Question(
        "sustainable_development",
        {
            "id": "Pembangunan berkelanjutan dan peran Indonesia",
            "en": "Sustainable development and Indonesia's part",
        },
        {"id": id_, "en": en},
    )
