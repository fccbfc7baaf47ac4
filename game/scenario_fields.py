"""What every field of a scenario is called, what it means and its unit, in both languages.

This module is the one place these texts are written. The scenario editor shows them with
each field in the page's language (``game.library_form.editor_schema``), and the tables of
``docs/scenarios.md`` show the English ones: ``tests/engine/test_docs_match_code.py`` checks
that every field of every model of ``game/engine/scenario.py`` is here and that the docs show
the same English text (``.venv/bin/python -m tests.engine.test_docs_match_code`` rewrites
the docs from here).

``FIELDS`` maps a model of the engine to its fields, each with a short ``label`` (the editor's
name for the field, shown before its key; a field that is a section of the scenario gives the
section its heading), a ``meaning`` and, where the docs table has a unit column, a ``unit``;
``CHOICES`` names the values of the fields that take one of a few words; ``INTROS`` holds the
paragraph that opens a model's section. Every text is ``{"en": ..., "id": ...}``; meanings,
units and introductions are in Markdown (code in backticks, links and *emphasis* as in the
docs), and ``plain`` removes the marks for the editor. Labels and choices are plain text.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "id")

Text = dict[str, str]  # language → text
Field = dict[str, Text]  # "label", "meaning" (and "unit") → text


def text(en: str, id: str) -> Text:
    return {"en": en, "id": id}


def field(label: Text, en: str, id: str, unit: Text | None = None) -> Field:
    """A field's label and meaning in both languages, with its unit if its docs table has a
    unit column. The label is a few words a teacher reads before the field's key: a name, not
    a sentence (plain text, no Markdown)."""
    return {"label": label, "meaning": text(en, id), **({"unit": unit} if unit else {})}


# Units written by many fields.
TEXT = text("text", "teks")
BILINGUAL = text("text in both languages", "teks dalam dua bahasa")
WHOLE_NUMBER = text("whole number", "bilangan bulat")
YES_NO = text("true / false", "ya / tidak (`true` / `false`)")
SECTION = text("section", "bagian")
LIST = text("list", "daftar")
SHARE = text("share", "proporsi")
SHARE_OF_WEALTH = text("share of wealth", "proporsi kekayaan")
DIMENSIONLESS = text("dimensionless", "tanpa satuan")
FACTOR = text("factor", "faktor")
EXPONENT = text("exponent", "eksponen")
SECONDS = text("seconds", "detik")
PER_MEMBER = text("share of wealth per member per round", "proporsi kekayaan per anggota per ronde")
HOST_PER_ROUND = text(
    "share of the host's wealth per person, per person per round",
    "proporsi kekayaan per orang di negara penampung, per orang per ronde",
)


FIELDS: dict[str, dict[str, Field]] = {
    "Localized": {
        "id": field(
            text("Indonesian", "Bahasa Indonesia"),
            "the text in Bahasa Indonesia",
            "teks dalam Bahasa Indonesia",
            TEXT,
        ),
        "en": field(
            text("English", "Bahasa Inggris"),
            "the text in English",
            "teks dalam bahasa Inggris",
            TEXT,
        ),
    },
    "Scenario": {
        "slug": field(
            text("Scenario identifier", "Pengenal skenario"),
            "identifier of the scenario in URLs and in the catalogue; by convention the file "
            "name without `.yaml`",
            "pengenal skenario di URL dan di katalog; biasanya nama berkasnya tanpa `.yaml`",
            TEXT,
        ),
        "title": field(
            text("Title", "Judul"),
            "name shown in the catalogue and at the top of the game",
            "nama yang tampil di katalog dan di bagian atas permainan",
            BILINGUAL,
        ),
        "description": field(
            text("Description", "Deskripsi"),
            "what the scenario is for, who plays and how long it takes",
            "untuk apa skenario ini, siapa yang bermain, dan berapa lama permainannya",
            BILINGUAL,
        ),
        "rounds": field(
            text("Number of rounds", "Jumlah ronde"),
            "number of rounds in a game",
            "jumlah ronde dalam satu permainan",
            WHOLE_NUMBER,
        ),
        "start_year": field(
            text("Starting year", "Tahun awal"),
            "calendar year of round 1",
            "tahun kalender ronde 1",
            WHOLE_NUMBER,
        ),
        "years_per_round": field(
            text("Years per round", "Tahun per ronde"),
            "years one round stands for; round *r* is year "
            "`start_year + (r − 1) × years_per_round`",
            "jumlah tahun yang diwakili satu ronde; ronde *r* adalah tahun "
            "`start_year + (r − 1) × years_per_round`",
            WHOLE_NUMBER,
        ),
        "expected_value": field(
            text(
                "Expected values instead of random draws", "Nilai harapan sebagai ganti undian acak"
            ),
            "replace every random draw (disasters, attacks) by its expected value, so a game "
            "is fully predictable (`simulate --expected` sets it)",
            "ganti setiap undian acak (bencana, serangan) dengan nilai harapannya, sehingga "
            "jalannya permainan dapat diperkirakan sepenuhnya (`simulate --expected` "
            "menyalakannya)",
            YES_NO,
        ),
        "delegation_size": field(
            text("Most students per delegation", "Siswa terbanyak per delegasi"),
            "most students who can play one country together",
            "jumlah siswa terbanyak yang dapat memainkan satu negara bersama-sama",
            WHOLE_NUMBER,
        ),
        "phases": field(
            text("Phase durations", "Lama fase"),
            "seconds per timed phase, see [phases](#phases-phases)",
            "lama tiap fase berwaktu, dalam detik",
            SECTION,
        ),
        "issues": field(
            text("Issues in play", "Isu yang dimainkan"),
            "which issues are in play, see [issues](#issues-issueswitches)",
            "isu mana saja yang dimainkan",
            SECTION,
        ),
        "economy": field(
            text("Economy", "Ekonomi"),
            "budgets, growth, development, trade and aid, see [economy](#economy-economyrules)",
            "anggaran, pertumbuhan, pembangunan, perdagangan, dan bantuan",
            SECTION,
        ),
        "climate": field(
            text("Climate", "Iklim"),
            "collective-risk milestones, warming and disasters, see "
            "[climate](#climate-climaterules)",
            "target iklim dengan risiko bersama, pemanasan, dan bencana",
            SECTION,
        ),
        "terrorism": field(
            text("Terrorism", "Terorisme"),
            "weakest-link security, see [terrorism](#terrorism-terrorismrules)",
            "keamanan bersama yang hanya sekuat negara yang paling lemah",
            SECTION,
        ),
        "migration": field(
            text("Migration", "Migrasi"),
            "displacement, hosting, integration and burden-sharing, see "
            "[migration](#migration-migrationrules)",
            "pengungsian, penampungan, integrasi, dan pembagian beban",
            SECTION,
        ),
        "scoring": field(
            text("Scoring", "Penilaian"),
            "national score, see [scoring](#scoring-scoringrules)",
            "skor nasional",
            SECTION,
        ),
        "default_policy": field(
            text("Default policy", "Kebijakan bawaan"),
            "the policy of a delegation that never submits one, see "
            "[default_policy](#default_policy-policyshares)",
            "kebijakan delegasi yang tidak pernah mengirimkan kebijakannya",
            SECTION,
        ),
        "countries": field(
            text("Countries", "Negara"),
            "the countries of the game, see [countries](#countries-country)",
            "negara-negara dalam permainan",
            LIST,
        ),
        "events": field(
            text("News events", "Berita"),
            "scheduled news, see [events](#events-newsevent)",
            "berita yang sudah dijadwalkan",
            LIST,
        ),
    },
    "Country": {
        "id": field(
            text("Country code", "Kode negara"),
            "short identifier used in events, agreements and logs, e.g. `idn`, `usa`",
            "pengenal singkat yang dipakai di berita, perjanjian, dan catatan, misalnya "
            "`idn`, `usa`",
            TEXT,
        ),
        "name": field(text("Name", "Nama"), "country name", "nama negara", BILINGUAL),
        "bloc": field(
            text("Bloc", "Blok"),
            'group for "common but differentiated responsibilities": agreements can set '
            "different terms per bloc, the aid fund goes to `developing` countries only, and "
            "inequality (Theil) is split between blocs",
            'kelompok untuk "tanggung jawab bersama tetapi berbeda": perjanjian dapat '
            "menetapkan ketentuan yang berbeda untuk tiap blok, dana bantuan hanya untuk "
            "negara `developing`, dan ketimpangan (Theil) dipilah antarblok",
            text(
                "`developed`, `emerging` or `developing`",
                "`developed` (maju), `emerging` (berkembang pesat) atau `developing` (berkembang)",
            ),
        ),
        "region": field(
            text("Region", "Kawasan"),
            "neighbourhood: attacks spill over to the other countries of the same region, and "
            "people turned away at a closed border go on to its other countries. Put real "
            "neighbours together and give every region at least two countries",
            "lingkungan tetangga: serangan merembet ke negara lain di kawasan yang sama, dan "
            "orang yang ditolak di perbatasan yang tertutup pindah ke negara lain di kawasan "
            "itu. Kelompokkan negara yang memang bertetangga, dan beri setiap kawasan paling "
            "sedikit dua negara",
            TEXT,
        ),
        "population": field(
            text("Population", "Jumlah penduduk"),
            "people",
            "jumlah penduduk",
            text("millions", "juta orang"),
        ),
        "wealth": field(
            text("Wealth (GDP)", "Kekayaan (PDB)"),
            "economic output (GDP); the round budget is a share of it",
            "hasil perekonomian (PDB); anggaran tiap ronde adalah sebagian darinya",
            text("billions", "miliar"),
        ),
        "emissions_intensity": field(
            text("Emissions intensity", "Intensitas emisi"),
            "emissions per unit of wealth; the country emits "
            "`wealth / starting world wealth × emissions_intensity` per round before "
            "abatement. World average ≈ 1; coal-heavy economies higher",
            "emisi per satuan kekayaan; sebelum dikurangi, emisi negara ini per ronde adalah "
            "`wealth / kekayaan dunia awal × emissions_intensity`. Rata-rata dunia ≈ 1; "
            "perekonomian yang banyak memakai batu bara lebih tinggi",
            DIMENSIONLESS,
        ),
        "vulnerability": field(
            text("Vulnerability", "Kerentanan"),
            "multiplies warming damage and disaster losses; also raises a developing "
            "country's claim on the aid fund (need = population × (1 + vulnerability))",
            "pengali kerugian akibat pemanasan dan bencana; juga menaikkan hak negara "
            "berkembang atas dana bantuan (kebutuhan = penduduk × (1 + kerentanan))",
            DIMENSIONLESS,
        ),
        "security_capacity": field(
            text("Security capacity", "Kapasitas keamanan"),
            "security level without any security spending",
            "tingkat keamanan tanpa belanja keamanan sama sekali",
            SHARE,
        ),
        "attractiveness": field(
            text("Attractiveness", "Daya tarik"),
            "pull on people on the move; the engine multiplies it by the country's wealth "
            "(the size of its economy), so larger economies take more people in absolute "
            "terms",
            "daya tarik bagi orang yang berpindah; permainan mengalikannya dengan kekayaan "
            "negara (besar perekonomiannya), sehingga perekonomian yang lebih besar menerima "
            "lebih banyak orang dalam jumlah mutlak",
            DIMENSIONLESS,
        ),
        "openness": field(
            text("Trade openness", "Keterbukaan perdagangan"),
            "share of wealth that takes part in world trade (exports + imports over GDP, "
            "capped at 1)",
            "bagian kekayaan yang ikut dalam perdagangan dunia (ekspor + impor dibagi PDB, "
            "paling tinggi 1)",
            SHARE,
        ),
        "stability": field(
            text("Stability", "Stabilitas"),
            'political stability at the start, and the "normal" level it recovers towards '
            "(20 % of the gap per round) after attacks, unintegrated migration or closed "
            "borders",
            'stabilitas politik di awal, sekaligus tingkat "normal" yang dituju kembali '
            "(20 % dari selisihnya per ronde) setelah serangan, migrasi yang tidak "
            "terintegrasi, atau perbatasan yang ditutup",
            SHARE,
        ),
    },
    "Phases": {
        "briefing": field(
            text("Briefing", "Pengarahan"),
            "reading the news and the state of the world",
            "membaca berita dan keadaan dunia",
            SECONDS,
        ),
        "negotiation": field(
            text("Negotiation", "Negosiasi"),
            "chat, proposals and signatures",
            "obrolan, usulan, dan tanda tangan",
            SECONDS,
        ),
        "decision": field(
            text("Decision", "Keputusan"),
            "each delegation submits its national policy",
            "setiap delegasi mengirimkan kebijakan nasionalnya",
            SECONDS,
        ),
        "results": field(
            text("Results", "Hasil"),
            "what happened and why",
            "apa yang terjadi dan mengapa",
            SECONDS,
        ),
    },
    "IssueSwitches": {
        "climate": field(
            text("Climate", "Iklim"),
            "the climate account, milestones, warming damage and disasters",
            "dana iklim bersama, target iklim, kerugian akibat pemanasan, dan bencana",
            YES_NO,
        ),
        "terrorism": field(
            text("Terrorism", "Terorisme"),
            "attacks and the security public good",
            "serangan, dan keamanan sebagai barang publik",
            YES_NO,
        ),
        "migration": field(
            text("Migration", "Migrasi"),
            "displacement, hosting, integration and closed borders",
            "pengungsian, penampungan, integrasi, dan perbatasan tertutup",
            YES_NO,
        ),
        "trade": field(
            text("Trade", "Perdagangan"),
            "the world trade pool, protectionism and climate-club tariffs",
            "kue perdagangan dunia, proteksionisme, dan tarif klub iklim",
            YES_NO,
        ),
    },
    "EconomyRules": {
        "budget_share": field(
            text("Budget (share of wealth)", "Anggaran (proporsi kekayaan)"),
            "the round budget as a share of the country's wealth at the start of the round",
            "anggaran ronde sebagai bagian dari kekayaan negara pada awal ronde",
            SHARE,
        ),
        "budget_absolute": field(
            text("Fixed budget", "Anggaran tetap"),
            "a fixed budget per round for every country instead (the Milinski game: 4)",
            "sebagai gantinya, anggaran tetap per ronde untuk setiap negara (permainan "
            "Milinski: 4)",
            text("money", "uang"),
        ),
        "allowed_amounts": field(
            text("Allowed amounts", "Jumlah yang diizinkan"),
            "the only amounts allowed on each line other than development (Milinski: "
            "`[0, 2, 4]`); the default policy is rounded down to them",
            "satu-satunya jumlah yang boleh diisikan pada setiap pos selain pembangunan "
            "(Milinski: `[0, 2, 4]`); kebijakan bawaan dibulatkan ke bawah ke jumlah itu",
            text("list of money", "daftar jumlah uang"),
        ),
        "base_growth": field(
            text("Base growth", "Pertumbuhan dasar"),
            "growth every country gets whatever it does, as a share of its wealth per round",
            "pertumbuhan yang didapat setiap negara apa pun yang dilakukannya, sebagai bagian "
            "dari kekayaannya per ronde",
            text("share per round", "proporsi per ronde"),
        ),
        "development_return": field(
            text("Return on development", "Imbal hasil pembangunan"),
            "money put into development comes back in the same round with a return; the "
            "first unit earns this return, later units less (see `development_saturation`). "
            "Investing *D* of a budget *B* gives back *D* × (1 + `development_return` × "
            "(1 − `development_saturation` × *D* / (2*B*)))",
            "uang yang ditanam di pembangunan kembali pada ronde yang sama beserta imbal "
            "hasilnya; satuan pertama mendapat imbal hasil ini, satuan berikutnya lebih sedikit "
            "(lihat `development_saturation`). Menanam *D* dari anggaran *B* menghasilkan "
            "*D* × (1 + `development_return` × (1 − `development_saturation` × *D* / (2*B*)))",
            SHARE,
        ),
        "development_saturation": field(
            text("Development saturation", "Kejenuhan pembangunan"),
            "how far the return falls across the budget (absorptive capacity): the last unit "
            "of a whole budget earns (1 − `development_saturation`) × `development_return`; "
            "0 makes the return the same for every unit. With the defaults, 60 % of the "
            "budget in development earns 0.56 on average, the whole budget 0.4",
            "seberapa jauh imbal hasil menurun sepanjang anggaran (daya serap): satuan "
            "terakhir dari seluruh anggaran mendapat (1 − `development_saturation`) × "
            "`development_return`; 0 membuat imbal hasilnya sama untuk setiap satuan. Dengan "
            "nilai bawaan, 60 % anggaran untuk pembangunan menghasilkan rata-rata 0,56, "
            "seluruh anggaran 0,4",
            SHARE,
        ),
        "trade_pool_share": field(
            text("Size of the trade pool", "Besar kue perdagangan"),
            "size of the world trade pool when every country trades openly: this share of "
            "Σ wealth × openness, per round; each country's claim on it is its wealth × "
            "openness",
            "besar kue perdagangan dunia bila semua negara berdagang secara terbuka: bagian "
            "ini dari Σ kekayaan × keterbukaan, per ronde; hak setiap negara atas kue itu "
            "adalah kekayaannya × keterbukaannya",
            SHARE,
        ),
        "protection_advantage": field(
            text("Advantage of protection", "Keuntungan proteksi"),
            "a protectionist's claim on the pool is larger by this factor (claim × "
            "(1 + `protection_advantage`))",
            "hak negara yang memproteksi perdagangannya atas kue itu lebih besar sebesar "
            "faktor ini (hak × (1 + `protection_advantage`))",
            FACTOR,
        ),
        "protection_drag": field(
            text("Trade lost to protection", "Penyusutan akibat proteksi"),
            "the pool shrinks by this share times the share of protectionists (weighted by "
            "wealth × openness)",
            "kue itu menyusut sebesar proporsi ini dikali proporsi negara yang memproteksi "
            "perdagangannya (ditimbang dengan kekayaan × keterbukaan)",
            SHARE,
        ),
        "aid_multiplier": field(
            text("Aid multiplier", "Pengali bantuan"),
            "every unit of aid becomes this many units in the multilateral fund, which "
            "developing countries draw in proportion to need (population × "
            "(1 + vulnerability))",
            "setiap satuan bantuan menjadi sekian satuan di dana multilateral, yang diambil "
            "negara berkembang sebanding dengan kebutuhannya (penduduk × (1 + kerentanan))",
            FACTOR,
        ),
        "aid_absorption": field(
            text("Aid absorption limit", "Batas serapan bantuan"),
            "a recipient absorbs at most this share of its wealth per round; the rest of the "
            "fund goes to the other recipients, and what nobody can absorb returns to the "
            "donors (in proportion to what they gave, divided by `aid_multiplier`)",
            "penerima menyerap paling banyak bagian ini dari kekayaannya per ronde; sisa dana "
            "pergi ke penerima lain, dan yang tidak dapat diserap siapa pun kembali ke para "
            "donor (sebanding dengan pemberiannya, dibagi `aid_multiplier`)",
            text("share of wealth per round", "proporsi kekayaan per ronde"),
        ),
        "green_cobenefit": field(
            text("Green-economy co-benefit", "Manfaat tambahan ekonomi hijau"),
            "in an active green-economy agreement, each member gains this share of its wealth "
            "per round for every member (five members at 0.002: 1 % of wealth per round)",
            "dalam perjanjian ekonomi hijau yang aktif, setiap anggota memperoleh bagian ini "
            "dari kekayaannya per ronde untuk setiap anggota (lima anggota dengan 0,002: 1 % "
            "kekayaan per ronde)",
            PER_MEMBER,
        ),
        "digital_cobenefit": field(
            text("Digital-economy co-benefit", "Manfaat tambahan ekonomi digital"),
            "the same for digital-economy agreements",
            "sama, untuk perjanjian ekonomi digital",
            PER_MEMBER,
        ),
    },
    "ClimateRules": {
        "milestones": field(
            text("Milestones", "Target iklim"),
            "list of `{round, target}` (see [below](#climatemilestones-milestone)): by the "
            "end of `round`, the shared account (all mitigation spending so far, added up) "
            "must reach `target`",
            "daftar `{round, target}`: pada akhir ronde `round`, dana iklim bersama (semua "
            "belanja mitigasi sejauh ini, dijumlahkan) harus mencapai `target`",
            LIST,
        ),
        "milestone_unit": field(
            text("Unit of the targets", "Satuan target"),
            "`world_wealth_share`: a target is a share of the total starting wealth of all "
            "countries (0.05 = 5 % of it); `absolute`: a target is money",
            "`world_wealth_share`: target adalah bagian dari total kekayaan awal semua negara "
            "(0,05 = 5 % darinya); `absolute`: target adalah sejumlah uang",
            text("`world_wealth_share` or `absolute`", "`world_wealth_share` atau `absolute`"),
        ),
        "disaster_probability": field(
            text("Disaster probability", "Peluang bencana"),
            "chance that a missed milestone turns into a disaster; one draw for the whole "
            "world (in expected-value mode, the share of the loss that is applied)",
            "peluang target yang tidak tercapai berubah menjadi bencana; satu undian untuk "
            "seluruh dunia (dalam mode nilai harapan: bagian kerugian yang diterapkan)",
            SHARE,
        ),
        "disaster_loss": field(
            text("Disaster loss", "Kerugian akibat bencana"),
            "share of wealth a disaster takes, times the country's vulnerability (capped at "
            "all of it)",
            "bagian kekayaan yang direnggut bencana, dikali kerentanan negara (paling banyak "
            "seluruhnya)",
            SHARE,
        ),
        "warming_start": field(
            text("Warming at the start", "Pemanasan awal"),
            "warming above pre-industrial at the start",
            "pemanasan di atas masa praindustri pada awal permainan",
            text("°C", "°C"),
        ),
        "warming_per_emission": field(
            text("Warming per unit of emissions", "Pemanasan per satuan emisi"),
            "warming added per round per unit of world emissions; world emissions are Σ "
            "`wealth / starting world wealth × emissions_intensity × (1 − abatement)`, at the "
            "start the wealth-weighted mean intensity (about 1)",
            "pemanasan yang bertambah per ronde per satuan emisi dunia; emisi dunia adalah Σ "
            "`wealth / kekayaan dunia awal × emissions_intensity × (1 − pengurangan)`, pada "
            "awalnya rata-rata intensitas yang ditimbang dengan kekayaan (sekitar 1)",
            text("°C per unit of emissions", "°C per satuan emisi"),
        ),
        "damage_a2": field(
            text("Damage coefficient (a2)", "Koefisien kerugian (a2)"),
            "DICE-2016R damage coefficient: a share a2 · T² of output is lost per year",
            "koefisien kerugian DICE-2016R: bagian a2 · T² dari hasil perekonomian hilang "
            "setiap tahun",
            text("per °C² per year", "per °C² per tahun"),
        ),
        "damage_years": field(
            text("Years of damage per round", "Tahun kerugian per ronde"),
            "years of damage counted per round; damage share per round = `damage_a2` × T² × "
            "`damage_years` × vulnerability (at most 0.9), T the warming after the round's "
            "emissions",
            "jumlah tahun kerugian yang dihitung per ronde; bagian kerugian per ronde = "
            "`damage_a2` × T² × `damage_years` × kerentanan (paling banyak 0,9), dengan T "
            "pemanasan setelah emisi ronde itu",
            text("years", "tahun"),
        ),
        "abatement_cost": field(
            text("Cost of abatement", "Biaya pengurangan emisi"),
            "mitigation spending of this share of the country's wealth abates 100 % of its "
            "emissions this round (abatement = spending / (`abatement_cost` × wealth))",
            "belanja mitigasi sebesar bagian ini dari kekayaan negara mengurangi 100 % "
            "emisinya pada ronde itu (pengurangan = belanja / (`abatement_cost` × kekayaan))",
            SHARE_OF_WEALTH,
        ),
        "max_abatement": field(
            text("Maximum abatement", "Pengurangan emisi maksimum"),
            "the most of its emissions a country can abate in a round",
            "bagian terbesar dari emisinya yang dapat dikurangi sebuah negara dalam satu ronde",
            SHARE,
        ),
        "adaptation_from_aid": field(
            text("Adaptation from aid", "Adaptasi dari bantuan"),
            "aid received lowers the warming damage by `adaptation_from_aid` × aid received / "
            "wealth (at most by half); disasters are not softened",
            "bantuan yang diterima menurunkan kerugian akibat pemanasan sebesar "
            "`adaptation_from_aid` × bantuan yang diterima / kekayaan (paling banyak "
            "separuhnya); kerugian akibat bencana tidak berkurang",
            FACTOR,
        ),
        "displacement_per_damage": field(
            text("Displacement by warming damage", "Pengungsian akibat kerugian pemanasan"),
            "people displaced per round = population × this × the damage share …",
            "orang yang mengungsi per ronde = penduduk × nilai ini × bagian kerugian …",
            text(
                "share of population per unit of damage share",
                "proporsi penduduk per satuan bagian kerugian",
            ),
        ),
        "displacement_per_disaster": field(
            text("Displacement by disasters", "Pengungsian akibat bencana"),
            "… plus population × this × the disaster share; displaced people move in the "
            "next round",
            "… ditambah penduduk × nilai ini × bagian kerugian akibat bencana; orang yang "
            "mengungsi berpindah pada ronde berikutnya",
            text(
                "share of population per unit of disaster share",
                "proporsi penduduk per satuan bagian kerugian bencana",
            ),
        ),
    },
    "Milestone": {
        "round": field(
            text("Round", "Ronde"),
            "the round whose resolution checks the account; one milestone per round (if two "
            "name the same round, the first counts)",
            "ronde yang perhitungannya memeriksa dana iklim; satu target per ronde (jika dua "
            "target menyebut ronde yang sama, yang pertama yang berlaku)",
            WHOLE_NUMBER,
        ),
        "target": field(
            text("Target", "Target dana iklim"),
            "what the account must hold by then, in `milestone_unit`",
            "jumlah yang harus sudah ada di dana iklim saat itu, dalam `milestone_unit`",
            text(
                "share of starting world wealth, or money",
                "proporsi kekayaan dunia awal, atau uang",
            ),
        ),
    },
    "TerrorismRules": {
        "base_threat": field(
            text("Base threat", "Ancaman dasar"),
            "about the attacks per country per round if nobody had any security: the world's "
            "expected attacks are `base_threat` × number of countries × (1 − protection). "
            "Also the yardstick of the security part of the score (security = 1 − attacks / "
            "`base_threat`, at least 0)",
            "kira-kira jumlah serangan per negara per ronde bila tidak ada keamanan sama "
            "sekali: perkiraan jumlah serangan di seluruh dunia adalah `base_threat` × "
            "jumlah negara × (1 − perlindungan). Juga menjadi tolok ukur bagian keamanan "
            "dalam skor (keamanan = 1 − serangan / `base_threat`, paling sedikit 0)",
            text("attacks per country per round", "serangan per negara per ronde"),
        ),
        "ces_exponent": field(
            text("Weakest-link exponent", "Eksponen mata rantai terlemah"),
            "world protection is the power mean of the security levels with this exponent; "
            "very negative means the minimum decides, 0 the geometric mean, 1 the average",
            "perlindungan dunia adalah rata-rata pangkat dari tingkat keamanan semua negara "
            "dengan eksponen ini; sangat negatif berarti yang terendah yang menentukan, 0 "
            "rata-rata geometris, 1 rata-rata biasa",
            EXPONENT,
        ),
        "security_cost": field(
            text("Cost of security", "Biaya keamanan"),
            "security spending of this share of wealth raises the security level by 1",
            "belanja keamanan sebesar bagian kekayaan ini menaikkan tingkat keamanan sebesar 1",
            SHARE_OF_WEALTH,
        ),
        "attack_loss": field(
            text("Loss per attack", "Kerugian per serangan"),
            "share of wealth one attack destroys (at most 0.5 in total per round)",
            "bagian kekayaan yang dihancurkan satu serangan (paling banyak 0,5 seluruhnya per "
            "ronde)",
            text("share per attack", "proporsi per serangan"),
        ),
        "attack_stability": field(
            text("Stability lost per attack", "Stabilitas yang hilang per serangan"),
            "stability one attack takes",
            "stabilitas yang hilang karena satu serangan",
            text("per attack", "per serangan"),
        ),
        "concentration": field(
            text("Concentration of attacks", "Pemusatan serangan"),
            "how strongly attacks seek the least secure: exposure = (1 − security level) ^ "
            "`concentration`; 0 spreads them evenly",
            "seberapa kuat serangan mengincar negara yang paling tidak aman: keterpaparan = "
            "(1 − tingkat keamanan) ^ `concentration`; 0 menyebarkannya merata",
            EXPONENT,
        ),
        "neighbour_spillover": field(
            text("Spillover to neighbours", "Rembetan ke negara tetangga"),
            "share of the attacks aimed at a country that are spread evenly over its region "
            "(itself included)",
            "bagian serangan terhadap sebuah negara yang disebar merata ke seluruh kawasannya "
            "(termasuk negara itu sendiri)",
            SHARE,
        ),
        "displacement_per_attack": field(
            text("Displacement per attack", "Pengungsian per serangan"),
            "people displaced by one attack; they move in the next round",
            "orang yang mengungsi karena satu serangan; mereka berpindah pada ronde berikutnya",
            text("millions per attack", "juta orang per serangan"),
        ),
    },
    "MigrationRules": {
        "hosting_cost": field(
            text("Hosting cost", "Biaya penampungan"),
            "cost of sheltering one person who is not (yet) integrated, per round",
            "biaya menampung satu orang yang (belum) terintegrasi, per ronde",
            HOST_PER_ROUND,
        ),
        "integration_cost": field(
            text("Integration cost", "Biaya integrasi"),
            "cost of integrating one person, once; migration spending / (`integration_cost` "
            "× wealth per person) people are integrated this round, at most all who wait",
            "biaya mengintegrasikan satu orang, sekali saja; sebanyak belanja migrasi / "
            "(`integration_cost` × kekayaan per orang) orang terintegrasi pada ronde itu, "
            "paling banyak semua yang menunggu",
            text(
                "share of the host's wealth per person, per person",
                "proporsi kekayaan per orang di negara penampung, per orang",
            ),
        ),
        "integration_return": field(
            text("Return on integration", "Imbal hasil integrasi"),
            "what one integrated person adds to wealth every round, from the round after they "
            "were integrated",
            "tambahan kekayaan dari satu orang yang sudah terintegrasi setiap ronde, mulai "
            "ronde sesudah ia terintegrasi",
            HOST_PER_ROUND,
        ),
        "unintegrated_stability": field(
            text("Stability lost without integration", "Stabilitas yang hilang tanpa integrasi"),
            "stability lost per percentage point of the population hosted without integration",
            "stabilitas yang hilang untuk setiap satu persen penduduk yang ditampung tanpa "
            "integrasi",
            text("per % of population", "per % penduduk"),
        ),
        "closed_border_stability": field(
            text(
                "Stability lost with a closed border",
                "Stabilitas yang hilang saat perbatasan ditutup",
            ),
            "stability lost in each round a country keeps its border closed",
            "stabilitas yang hilang pada setiap ronde sebuah negara menutup perbatasannya",
            text("per round", "per ronde"),
        ),
        "spillover": field(
            text("Spillover at closed borders", "Limpahan di perbatasan tertutup"),
            "share of the people turned away by a closed border who go on to its open "
            "neighbours (all of them stay home when there is no open neighbour)",
            "bagian orang yang ditolak di perbatasan tertutup yang pindah ke negara tetangga "
            "yang terbuka (semuanya tetap di negara asal bila tidak ada tetangga yang terbuka)",
            SHARE,
        ),
        "key": field(
            text("Burden-sharing key", "Kunci pembagian beban"),
            "weights of the burden-sharing key (the EU's 2015 relocation key by default)",
            "bobot kunci pembagian beban (bawaannya kunci relokasi Uni Eropa tahun 2015)",
            SECTION,
        ),
    },
    "SharingKey": {
        "population": field(
            text("Weight of population", "Bobot jumlah penduduk"),
            "weight of each member's share of the members' population",
            "bobot bagian setiap anggota dalam jumlah penduduk semua anggota",
        ),
        "wealth": field(
            text("Weight of wealth", "Bobot kekayaan"),
            "weight of its share of the members' wealth",
            "bobot bagiannya dalam kekayaan semua anggota",
        ),
        "past_effort": field(
            text("Weight of past effort", "Bobot upaya sebelumnya"),
            "weight of relief for members that already took in more people (a member's "
            "relief is (1 − its share of past arrivals) / (members − 1))",
            "bobot keringanan bagi anggota yang sudah menerima lebih banyak orang "
            "(keringanan setiap anggota adalah (1 − bagiannya dari kedatangan sebelumnya) / "
            "(jumlah anggota − 1))",
        ),
        "stability": field(
            text("Weight of stability", "Bobot stabilitas"),
            "weight of its share of the members' stability (standing in for unemployment)",
            "bobot bagiannya dalam stabilitas semua anggota (sebagai pengganti angka pengangguran)",
        ),
    },
    "ScoringRules": {
        "world_weight": field(
            text("Weight of world welfare", "Bobot kesejahteraan dunia"),
            "weight of world welfare in every national score: the teacher's dial for how "
            "sharp the dilemma is (0 = pure national interest)",
            "bobot kesejahteraan dunia dalam setiap skor nasional: pengatur bagi guru untuk "
            "setajam apa dilemanya (0 = murni kepentingan nasional)",
        ),
        "own": field(
            text("Weights of the national outcome", "Bobot hasil nasional"),
            "weights of the country's own outcome (a section)",
            "bobot hasil negara itu sendiri (sebuah bagian)",
        ),
        "civil_society_bonus": field(
            text("Civil-society bonus", "Bonus masyarakat sipil"),
            "points for civil-society / press players per proposal of theirs that became "
            "active, on top of 100 × world welfare / world welfare at the start",
            "poin bagi pemain masyarakat sipil / pers untuk setiap usulan mereka yang menjadi "
            "aktif, di atas 100 × kesejahteraan dunia / kesejahteraan dunia di awal",
        ),
    },
    "OwnScoreWeights": {
        "wealth": field(
            text("Wealth", "Kekayaan"),
            "weight of wealth per person (now / at the start)",
            "bobot kekayaan per orang (sekarang / di awal)",
        ),
        "security": field(
            text("Security", "Keamanan"),
            "weight of security this round",
            "bobot keamanan pada ronde ini",
        ),
        "stability": field(
            text("Stability", "Stabilitas"),
            "weight of stability (now / at the start)",
            "bobot stabilitas (sekarang / di awal)",
        ),
    },
    "PolicyShares": {
        "development": field(
            text("Development", "Pembangunan"),
            "share of the budget for own growth",
            "bagian anggaran untuk pertumbuhan sendiri",
        ),
        "mitigation": field(
            text("Climate mitigation", "Mitigasi iklim"),
            "share for the climate account",
            "bagian untuk dana iklim bersama",
        ),
        "security": field(
            text("Security", "Keamanan"), "share for security", "bagian untuk keamanan"
        ),
        "migration": field(
            text("Migration", "Migrasi"),
            "share for hosting and integration",
            "bagian untuk penampungan dan integrasi",
        ),
        "aid": field(
            text("Aid", "Bantuan"),
            "share for the multilateral aid fund",
            "bagian untuk dana bantuan multilateral",
        ),
        "trade": field(text("Trade", "Perdagangan"), "trade stance", "sikap perdagangan"),
        "borders": field(text("Borders", "Perbatasan"), "border stance", "sikap perbatasan"),
    },
    "NewsEvent": {
        "round": field(
            text("Round", "Ronde"),
            "the round whose briefing shows the news",
            "ronde yang pengarahannya menampilkan berita ini",
            WHOLE_NUMBER,
        ),
        "headline": field(text("Headline", "Judul berita"), "the news", "isi beritanya", BILINGUAL),
        "effects": field(
            text("Effects on countries", "Dampak pada negara"),
            "changes to countries, see below",
            "perubahan pada negara, lihat di bawah",
            LIST,
        ),
    },
    "Effect": {
        "country": field(
            text("Country", "Negara"),
            'the `id` of a country of this scenario, or `"*"` for every country (quote the '
            "star in YAML)",
            '`id` sebuah negara dalam skenario ini, atau `"*"` untuk semua negara (di YAML, '
            "beri tanda kutip pada bintangnya)",
            TEXT,
        ),
        "field": field(
            text("What changes", "Yang berubah"),
            "what changes",
            "apa yang berubah",
            text(
                "`wealth`, `stability`, `vulnerability`, `security_capacity` or `attractiveness`",
                "`wealth` (kekayaan), `stability` (stabilitas), `vulnerability` (kerentanan), "
                "`security_capacity` (kapasitas keamanan) atau `attractiveness` (daya tarik)",
            ),
        ),
        "change": field(
            text("Change", "Perubahan"),
            "relative change: the value becomes value × (1 + `change`); −0.05 takes 5 % off",
            "perubahan relatif: nilainya menjadi nilai × (1 + `change`); −0,05 mengurangi 5 %",
            SHARE,
        ),
    },
}


# The values of the fields that take one of a few words, named for the select the editor shows
# (the value itself, which the YAML file holds, is shown beside its name): model → field →
# value → name.
CHOICES: dict[str, dict[str, dict[str, Text]]] = {
    "Country": {
        "bloc": {
            "developed": text("developed", "maju"),
            "emerging": text("emerging", "berkembang pesat"),
            "developing": text("developing", "berkembang"),
        },
    },
    "ClimateRules": {
        "milestone_unit": {
            "world_wealth_share": text(
                "share of the starting world wealth", "proporsi kekayaan dunia awal"
            ),
            "absolute": text("money", "sejumlah uang"),
        },
    },
    "PolicyShares": {
        "trade": {
            "open": text("open", "terbuka"),
            "protect": text("protect", "proteksi"),
        },
        "borders": {
            "open": text("open", "terbuka"),
            "closed": text("closed", "tertutup"),
        },
    },
    "Effect": {
        "field": {
            "wealth": text("wealth", "kekayaan"),
            "stability": text("stability", "stabilitas"),
            "vulnerability": text("vulnerability", "kerentanan"),
            "security_capacity": text("security capacity", "kapasitas keamanan"),
            "attractiveness": text("attractiveness", "daya tarik"),
        },
    },
}


# The paragraph that opens a section of the docs, shown at the top of the editor's section.
INTROS: dict[str, Text] = {
    "Country": text(
        "One entry per country (one delegation each). Empty countries can be played by bots.",
        "Satu entri per negara (masing-masing satu delegasi). Negara yang tidak dimainkan "
        "siswa dapat dimainkan bot.",
    ),
    "Phases": text(
        "Seconds of each timed phase of a round. The facilitator can still pause, extend or "
        "advance. A round runs briefing → negotiation → decision → (resolution) → results.",
        "Lama setiap fase berwaktu dalam satu ronde, dalam detik. Fasilitator tetap dapat "
        "menjeda, memperpanjang, atau melompat ke fase berikutnya. Satu ronde berjalan: "
        "pengarahan → negosiasi → keputusan → (perhitungan) → hasil.",
    ),
    "IssueSwitches": text(
        "Switches for the four linked issues; all are `true` by default. An issue that is off "
        "is not resolved, no money may go to its spending line (`mitigation` for climate, "
        "`security` for terrorism, `migration` for migration), the default policy and the "
        "bots give it nothing, and no agreement about it can be drafted. Trade has no "
        "spending line: switched off, there is no trade pool and no trade agreement. Green- "
        "and digital-economy agreements are always available.",
        "Sakelar untuk keempat isu yang saling terkait; semuanya menyala (`true`) sebagai "
        "bawaan. Isu yang dimatikan tidak dihitung, tidak ada uang yang boleh masuk ke pos "
        "belanjanya (`mitigation` untuk iklim, `security` untuk terorisme, `migration` untuk "
        "migrasi), kebijakan bawaan dan bot tidak memberinya apa pun, dan tidak ada perjanjian "
        "tentang isu itu yang dapat dirancang. Perdagangan tidak punya pos belanja: bila "
        "dimatikan, tidak ada kue perdagangan dunia dan tidak ada perjanjian perdagangan. "
        "Perjanjian ekonomi hijau dan ekonomi digital selalu tersedia.",
    ),
    "EconomyRules": text(
        "Every round a delegation splits a budget across five spending lines (`development`, "
        "`mitigation`, `security`, `migration`, `aid`) and chooses two stances (trade `open` "
        "or `protect`, borders `open` or `closed`); money not spent simply stays in the "
        "country's wealth. Development is the private investment; the other four lines pay "
        "for public goods. Trade is a prisoner's dilemma; an agreement can tariff the trade "
        "of non-members (a climate club, set in the agreement's terms, not here); green- and "
        "digital-economy agreements pay co-benefits.",
        "Setiap ronde, delegasi membagi anggaran ke lima pos belanja (`development`, "
        "`mitigation`, `security`, `migration`, `aid`) dan memilih dua sikap (perdagangan "
        "`open` atau `protect`, perbatasan `open` atau `closed`); uang yang tidak dibelanjakan "
        "tetap menjadi kekayaan negara itu. Pembangunan adalah investasi untuk negara sendiri; "
        "keempat pos lainnya membiayai barang publik. Perdagangan adalah dilema tahanan; "
        "sebuah perjanjian dapat mengenakan tarif pada perdagangan negara bukan anggota (klub "
        "iklim, diatur dalam ketentuan perjanjian, bukan di sini); perjanjian ekonomi hijau "
        "dan digital memberi manfaat tambahan.",
    ),
    "ClimateRules": text(
        "A collective-risk dilemma (Milinski et al. 2008) with warming damage in the style of "
        "DICE-2016R. Mitigation spending of all countries adds up in a shared account; at each "
        "milestone the account must have reached the target, or a disaster strikes with the "
        "scenario's probability. Between milestones, unabated emissions warm the world and "
        "warming damages every economy.",
        "Dilema risiko bersama (Milinski dkk. 2008) dengan kerugian akibat pemanasan ala "
        "DICE-2016R. Belanja mitigasi semua negara terkumpul di dana iklim bersama; pada "
        "setiap target, dana itu harus sudah mencapai jumlah yang ditetapkan, atau bencana "
        "terjadi dengan peluang yang ditetapkan skenario. Di antara target-target itu, emisi "
        "yang tidak dikurangi memanaskan dunia, dan pemanasan merugikan setiap perekonomian.",
    ),
    "TerrorismRules": text(
        "A weakest-link public good (Sandler & Arce 2003): protection is only as strong as "
        "the least secure countries, attacks fall where security is lowest and spill over to "
        "neighbours. A country's security level is `security_capacity` + security spending / "
        "(`security_cost` × wealth), at most 1; an intelligence-sharing agreement lifts each "
        "member to at least the members' average.",
        'Barang publik "mata rantai terlemah" (Sandler & Arce 2003): perlindungan hanya '
        "sekuat negara yang paling tidak aman, serangan jatuh di tempat yang keamanannya "
        "paling rendah dan merembet ke negara tetangga. Tingkat keamanan sebuah negara adalah "
        "`security_capacity` + belanja keamanan / (`security_cost` × kekayaan), paling tinggi "
        "1; perjanjian berbagi intelijen menaikkan setiap anggota paling sedikit ke rata-rata "
        "para anggota.",
    ),
    "MigrationRules": text(
        "Burden-sharing. People displaced in one round head, in the next, for the other "
        "countries in proportion to attractiveness × wealth. A migration compact (an agreement "
        "with a quota) pools what reaches its members and shares it by a key. A closed border "
        "turns people away: `spillover` of them go on to the open countries of the same "
        "region, the rest are stranded in their countries of origin, which must shelter them.",
        "Pembagian beban. Orang yang mengungsi pada satu ronde menuju negara-negara lain pada "
        "ronde berikutnya, sebanding dengan daya tarik × kekayaan. Perjanjian migrasi "
        "(perjanjian dengan kuota) mengumpulkan semua orang yang tiba di negara-negara "
        "anggotanya lalu membaginya menurut sebuah kunci. Perbatasan tertutup menolak orang: "
        "sebagian sebesar `spillover` pindah ke negara terbuka di kawasan yang sama, sisanya "
        "tertahan di negara asalnya, yang harus menampung mereka.",
    ),
    "SharingKey": text(
        "A member's share of what reaches a compact is its weighted score divided by the sum "
        "of all members' scores, so the weights need not add up to 1.",
        "Bagian setiap anggota dari orang yang tiba di negara-negara perjanjian migrasi adalah "
        "skor tertimbangnya dibagi jumlah skor semua anggota, jadi bobot-bobotnya tidak harus "
        "berjumlah 1.",
    ),
    "ScoringRules": text(
        "Each country's score starts at 100 and after every round is "
        "`100 × ((1 − world_weight) × own + world_weight × world welfare now / at the start)`, "
        "where `own` is the weighted mean of wealth per person now / at the start, security "
        "this round (1 − attacks / `base_threat`, from 0 to 1) and stability now / at the "
        "start. World welfare is Sen's index: mean wealth per person × (1 − Gini). The score "
        "is not summed over rounds: the final score is the one after the last round.",
        "Skor setiap negara dimulai dari 100 dan setelah setiap ronde menjadi "
        "`100 × ((1 − world_weight) × own + world_weight × kesejahteraan dunia sekarang / di "
        "awal)`, dengan `own` rata-rata tertimbang dari kekayaan per orang sekarang / di awal, "
        "keamanan pada ronde ini (1 − serangan / `base_threat`, dari 0 sampai 1), dan "
        "stabilitas sekarang / di awal. Kesejahteraan dunia adalah indeks Sen: rata-rata "
        "kekayaan per orang × (1 − Gini). Skor tidak dijumlahkan antarronde: skor akhir adalah "
        "skor setelah ronde terakhir.",
    ),
    "OwnScoreWeights": text(
        "The three weights are divided by their sum, so they need not add up to 1.",
        "Ketiga bobot dibagi dengan jumlahnya, jadi tidak harus berjumlah 1.",
    ),
    "PolicyShares": text(
        "The policy of a delegation that never submits one, as shares of its round budget; "
        "used in round 1. In later rounds a silent delegation keeps its last policy, scaled "
        "down if its budget shrank and raised to any binding minimum (the difference taken "
        "from development). Shares for a switched-off issue count as 0, and together the "
        "shares may not exceed 1 (the rest of the budget is left unspent).",
        "Kebijakan delegasi yang tidak pernah mengirimkan kebijakannya, sebagai bagian dari "
        "anggaran rondenya; dipakai pada ronde 1. Pada ronde berikutnya, delegasi yang diam "
        "memakai kebijakan terakhirnya, diperkecil bila anggarannya menyusut dan dinaikkan ke "
        "batas minimum yang mengikat (selisihnya diambil dari pembangunan). Bagian untuk isu "
        "yang dimatikan dihitung 0, dan jumlah semua bagian tidak boleh lebih dari 1 (sisa "
        "anggaran tidak dibelanjakan).",
    ),
    "NewsEvent": text(
        "News scheduled for the start of a round (its briefing). A headline is always shown; "
        "its effects change the countries from then on.",
        "Berita yang dijadwalkan untuk awal sebuah ronde (saat pengarahan). Judul berita "
        "selalu ditampilkan; efeknya mengubah negara-negara sejak saat itu.",
    ),
}


def label(model: str, name: str, language: str) -> str:
    """A field's short name in ``language`` ("" if it is not written here)."""
    return FIELDS.get(model, {}).get(name, {}).get("label", {}).get(language, "")


def choices(model: str, name: str, language: str) -> dict[str, str]:
    """Value → its name in ``language``, for a field that takes one of a few words."""
    return {value: names[language] for value, names in CHOICES.get(model, {}).get(name, {}).items()}


def meaning(model: str, name: str, language: str) -> str:
    """What a field means, as plain text in ``language`` ("" if it is not written here)."""
    return plain(FIELDS.get(model, {}).get(name, {}).get("meaning", {}).get(language, ""))


def unit(model: str, name: str, language: str) -> str:
    """A field's type or unit, as plain text in ``language`` ("" if it has none)."""
    return plain(FIELDS.get(model, {}).get(name, {}).get("unit", {}).get(language, ""))


def intro(model: str, language: str) -> str:
    """The paragraph that opens a model's section, as plain text ("" if it has none)."""
    return plain(INTROS.get(model, {}).get(language, ""))


_SEE_LINK = re.compile(r",? see \[[^\]]+\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*(?P<text>[^*\s][^*]*?)\*")


def plain(markdown: str) -> str:
    """A text without Markdown: links keep their words, code and emphasis lose their marks."""
    # "…, see [phases](#phases-phases)" points at the docs' next table: the editor shows it.
    result = _SEE_LINK.sub("", markdown)
    result = _LINK.sub(lambda match: match["text"], result)
    result = _EMPHASIS.sub(lambda match: match["text"], result)
    return result.replace("`", "").strip()
