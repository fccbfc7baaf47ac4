"""The services are the only writers of a game: each use case, its checks, and its events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from game.engine.agreements import AgreementDraft, Terms, Threshold
from game.engine.state import Policy
from game.errors import GameError
from game.models import AppendOnlyError, GameEvent
from game.room import conversation
from game.services import phases, play, seats, talk
from game.session import recorded, replay, sessions

from .conftest import seat

pytestmark = pytest.mark.django_db


def current(game):
    game.refresh_from_db()
    return sessions.current(game)


def types(game, after=0):
    return list(game.events.filter(seq__gt=after).values_list("type", flat=True))


def rejected(expected, call, /, **kwargs) -> GameError:
    with pytest.raises(GameError) as error:
        call(**kwargs)
    assert error.value.code == expected, error.value.message("en")
    return error.value


def to_phase(game, phase):
    session = current(game)
    if session.room.status == "lobby":
        phases.start_game(game_id=game.pk, actor="facilitator")
    while current(game).state.phase != phase:
        s = current(game)
        phases.advance(
            game_id=game.pk, expected=(s.state.round, s.state.phase), actor="facilitator"
        )
    return current(game)


# Games and seats -------------------------------------------------------------------------


def test_a_new_game_has_a_six_character_code_without_ambiguous_characters(game):
    assert len(game.code) == 6
    assert not set(game.code) & set("IO01")
    assert game.status == "lobby"
    assert game.scenario_data["slug"] == "kelas-6"


def test_joining_with_a_code_is_case_and_space_insensitive(game):
    player = seats.join_game(code=f" {game.code.lower()} ", name="  Siti  Rahma ")
    assert current(game).room.members[player.pk].name == "Siti Rahma"


def test_an_unknown_code_is_named_in_the_error(game):
    error = rejected("unknown_code", seats.join_game, code="ZZZZZZ", name="Budi")
    assert "ZZZZZZ" in error.message("en")
    assert "ZZZZZZ" in error.message("id")


def test_names_must_be_one_to_forty_characters(game):
    rejected("name_invalid", seats.join_game, code=game.code, name="   ")
    rejected("name_invalid", seats.join_game, code=game.code, name="x" * 41)


def test_the_first_to_sit_down_heads_the_delegation(game):
    first = seat(game, "Ani", "idn")
    second = seat(game, "Budi", "idn")
    members = current(game).room.members
    assert members[first].head and not members[second].head


def test_a_delegation_holds_at_most_the_scenario_size(game):
    for index in range(6):
        seat(game, f"Siswa {index}", "idn")
    extra = seat(game, "Terlambat")
    error = rejected(
        "delegation_full", seats.take_seat, game_id=game.pk, player_id=extra, country="idn"
    )
    assert "6" in error.message("en")


def test_a_locked_lobby_refuses_newcomers_but_the_facilitator_can_still_seat(game):
    waiting = seat(game, "Citra")
    seats.lock_lobby(game_id=game.pk, locked_=True, actor="facilitator")
    rejected("lobby_locked", seats.join_game, code=game.code, name="Dodi")
    rejected("lobby_locked", seats.take_seat, game_id=game.pk, player_id=waiting, country="usa")
    seats.assign(game_id=game.pk, player_id=waiting, country="usa", actor="facilitator")
    assert current(game).room.members[waiting].country == "usa"


def test_moving_the_head_hands_the_headship_to_the_next_member(game):
    head = seat(game, "Eka", "deu")
    other = seat(game, "Fajar", "deu")
    seats.assign(game_id=game.pk, player_id=head, country="ind", actor="facilitator")
    members = current(game).room.members
    assert members[other].head
    assert members[head].country == "ind" and members[head].head


def test_a_bot_plays_an_empty_country_until_a_student_takes_it_back(game):
    seats.set_bot(game_id=game.pk, country="ner", strategy="cooperator", actor="facilitator")
    assert current(game).room.bots == {"ner": "cooperator"}
    seat(game, "Gita", "ner")
    assert "ner" not in current(game).room.bots
    assert types(game)[-2:] == ["bot_assigned", "seat_taken"]


def test_unknown_bot_strategies_are_refused(game):
    error = rejected(
        "invalid",
        seats.set_bot,
        game_id=game.pk,
        country="ner",
        strategy="genius",
        actor="facilitator",
    )
    assert "genius" in error.message("en")


def test_civil_society_cannot_take_a_country(game):
    press = seat(game, "Pers", civil=True)
    rejected("civil_cannot", seats.take_seat, game_id=game.pk, player_id=press, country="idn")


# Phases and the clock --------------------------------------------------------------------


def test_starting_opens_round_one_briefing_with_a_deadline(game):
    phases.start_game(game_id=game.pk, actor="facilitator")
    game.refresh_from_db()
    assert (game.status, game.round, game.phase) == ("running", 1, "briefing")
    expected = timezone.now() + timedelta(seconds=60)
    assert abs((game.deadline - expected).total_seconds()) < 5
    rejected("already_started", phases.start_game, game_id=game.pk, actor="facilitator")


def test_advance_names_the_phase_it_leaves_so_a_late_click_does_nothing(game):
    to_phase(game, "negotiation")
    phases.advance(game_id=game.pk, expected=(1, "negotiation"), actor="facilitator")
    rejected(
        "phase_moved",
        phases.advance,
        game_id=game.pk,
        expected=(1, "negotiation"),
        actor="facilitator",
    )
    assert current(game).state.phase == "decision"


def test_the_clock_advances_only_when_the_deadline_has_passed(game):
    phases.start_game(game_id=game.pk, actor="facilitator")
    assert phases.resolve_due() == []
    later = timezone.now() + timedelta(seconds=61)
    assert phases.resolve_due(now=later) == [game.pk]
    assert current(game).state.phase == "negotiation"
    assert phases.resolve_due(now=later) == []  # the new deadline is not due yet


def test_pause_freezes_the_remaining_time_and_resume_restores_it(game):
    phases.start_game(game_id=game.pk, actor="facilitator")
    phases.pause(game_id=game.pk, actor="facilitator")
    timer = current(game).room.timer
    assert timer.deadline is None and 55 < timer.remaining <= 60
    assert phases.resolve_due(now=timezone.now() + timedelta(hours=1)) == []
    phases.extend(game_id=game.pk, seconds=30, actor="facilitator")
    assert 85 < current(game).room.timer.remaining <= 90
    phases.resume(game_id=game.pk, actor="facilitator")
    game.refresh_from_db()
    left = (game.deadline - timezone.now()).total_seconds()
    assert 84 < left <= 90
    rejected("not_paused", phases.resume, game_id=game.pk, actor="facilitator")


def test_extensions_are_bounded(game):
    phases.start_game(game_id=game.pk, actor="facilitator")
    rejected("bad_extension", phases.extend, game_id=game.pk, seconds=0, actor="facilitator")
    rejected("bad_extension", phases.extend, game_id=game.pk, seconds=3601, actor="facilitator")


def test_bots_submit_when_the_decision_phase_opens(game):
    seats.set_bot(game_id=game.pk, country="ner", strategy="cooperator", actor="facilitator")
    session = to_phase(game, "decision")
    assert "ner" in session.state.policies
    assert game.events.filter(type="policy_submitted", actor="bot").count() == 1


def test_missing_submissions_fall_back_and_are_announced(game):
    to_phase(game, "results")
    record = current(game).state.history[-1]
    assert set(record["fallbacks"]) == {"usa", "deu", "idn", "ind", "nga", "ner"}
    assert any(item["kind"] == "fallback" for item in record["news"])


def test_advance_when_all_submitted(game):
    heads = {country: seat(game, f"Kepala {country}", country) for country in ("usa", "deu")}
    for country in ("idn", "ind", "nga", "ner"):
        seats.set_bot(game_id=game.pk, country=country, strategy="pragmatist", actor="facilitator")
    phases.set_option(game_id=game.pk, advance_when_all_submitted=True, actor="facilitator")
    session = to_phase(game, "decision")
    for country, player in heads.items():
        budget = session.state.budget(country)
        play.submit_policy(game_id=game.pk, player_id=player, policy=Policy(development=budget))
    assert current(game).state.phase == "results"


def test_finishing_ends_the_game_and_nothing_more_can_be_played(game):
    player = seat(game, "Hana", "idn")
    phases.finish(game_id=game.pk, actor="facilitator")
    rejected(
        "game_over",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="plenary",
        text="halo",
    )
    rejected("game_over", seats.join_game, code=game.code, name="Indra")


def test_a_whole_game_runs_to_the_end_by_the_clock(game):
    for country in game.definition.country_ids:
        seats.set_bot(game_id=game.pk, country=country, strategy="reciprocator", actor="clock")
    phases.start_game(game_id=game.pk, actor="facilitator")
    moment = timezone.now()
    while current(game).room.status == "running":
        moment += timedelta(hours=1)
        assert phases.resolve_due(now=moment) == [game.pk]
    session = current(game)
    assert session.room.status == "finished"
    assert len(session.state.history) == 6


# Policies and agreements -----------------------------------------------------------------


def test_only_the_head_submits_and_only_for_their_own_country(game):
    head = seat(game, "Joko", "idn")
    member = seat(game, "Kiki", "idn")
    session = to_phase(game, "decision")
    policy = Policy(development=session.state.budget("idn"))
    rejected("head_only", play.submit_policy, game_id=game.pk, player_id=member, policy=policy)
    play.submit_policy(game_id=game.pk, player_id=head, policy=policy)
    assert current(game).state.policies["idn"] == policy


def test_members_propose_and_the_head_accepts(game):
    head = seat(game, "Lina", "idn")
    member = seat(game, "Maya", "idn")
    session = to_phase(game, "decision")
    budget = session.state.budget("idn")
    policy = Policy(development=budget / 2, mitigation=budget / 2)
    play.propose_policy(game_id=game.pk, player_id=member, policy=policy)
    proposal = current(game).room.proposals[-1]
    play.accept_proposal(game_id=game.pk, player_id=head, proposal_id=proposal.id)
    assert current(game).state.policies["idn"] == policy


def test_a_policy_over_budget_is_refused_with_the_engine_reason(game):
    head = seat(game, "Nina", "idn")
    session = to_phase(game, "decision")
    too_much = Policy(development=session.state.budget("idn") * 2)
    error = rejected(
        "over_budget", play.submit_policy, game_id=game.pk, player_id=head, policy=too_much
    )
    assert error.field == "total"
    assert "anggaran" in error.message("id")
    assert "budget" in error.message("en")


def test_agreements_are_drafted_opened_and_signed_by_heads(game):
    usa = seat(game, "Oki", "usa")
    deu = seat(game, "Putri", "deu")
    minister = seat(game, "Rudi", "deu")
    to_phase(game, "negotiation")
    draft = AgreementDraft(
        title="Dana iklim",
        issue="climate",
        threshold=Threshold(members=2),
        terms={"developed": Terms(min_mitigation=0.2)},
    )
    play.draft_agreement(game_id=game.pk, player_id=minister, draft=draft)
    rejected("head_only", play.open_agreement, game_id=game.pk, player_id=minister, agreement="A1")
    play.open_agreement(game_id=game.pk, player_id=deu, agreement="A1")
    play.sign_agreement(game_id=game.pk, player_id=deu, agreement="A1")
    play.sign_agreement(game_id=game.pk, player_id=usa, agreement="A1")
    assert current(game).state.agreements["A1"].status == "active"


def test_bots_sign_agreements_once_the_threshold_is_covered(game):
    head = seat(game, "Sari", "idn")
    seats.set_bot(game_id=game.pk, country="ind", strategy="cooperator", actor="facilitator")
    to_phase(game, "negotiation")
    draft = AgreementDraft(
        title="Aman bersama",
        issue="terrorism",
        threshold=Threshold(members=2),
        terms={"emerging": Terms(intelligence_sharing=True)},
    )
    play.draft_agreement(game_id=game.pk, player_id=head, draft=draft)
    play.open_agreement(game_id=game.pk, player_id=head, agreement="A1")
    agreement = current(game).state.agreements["A1"]
    assert "ind" in agreement.signatories


# Conversation ----------------------------------------------------------------------------


def test_chat_is_plain_text_without_control_characters_and_length_limited(game):
    player = seat(game, "Tono", "idn")
    talk.post_message(
        game_id=game.pk, player_id=player, channel="plenary", text="  <b>halo</b>\x00\u200b semua "
    )
    message = current(game).room.messages[-1]
    assert message.text == "<b>halo</b> semua"
    rejected(
        "too_large",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="plenary",
        text="x" * 501,
    )
    rejected(
        "empty_message",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="plenary",
        text=" \x07 ",
    )


def test_chat_is_rate_limited_per_player(game):
    player = seat(game, "Umar", "idn")
    for index in range(5):
        talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text=f"{index}")
    error = rejected(
        "rate_limited",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="plenary",
        text="lagi",
    )
    assert error.params["seconds"] >= 1
    other = seat(game, "Vina", "idn")
    talk.post_message(game_id=game.pk, player_id=other, channel="plenary", text="boleh")


def test_the_rate_limit_counts_posts_in_every_channel_also_those_the_room_no_longer_keeps(
    game, monkeypatch
):
    monkeypatch.setattr("game.room.KEPT_PER_CHANNEL", 1)
    player = seat(game, "Umar", "idn")
    for index, channel in enumerate(["plenary", "delegation", "plenary", "delegation", "plenary"]):
        talk.post_message(game_id=game.pk, player_id=player, channel=channel, text=f"{index}")
    assert len(current(game).room.messages) == 2
    rejected(
        "rate_limited",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="delegation",
        text="lagi",
    )


def test_muted_players_cannot_post_until_unmuted(game):
    player = seat(game, "Wati", "idn")
    talk.mute_player(game_id=game.pk, player_id=player, muted=True, actor="facilitator")
    rejected(
        "muted",
        talk.post_message,
        game_id=game.pk,
        player_id=player,
        channel="plenary",
        text="halo",
    )
    talk.mute_player(game_id=game.pk, player_id=player, muted=False, actor="facilitator")
    talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="halo")


def test_delegation_and_group_channels_need_membership(game):
    idn = seat(game, "Xena", "idn")
    usa = seat(game, "Yusuf", "usa")
    loner = seat(game, "Zaki")
    talk.post_message(game_id=game.pk, player_id=idn, channel="delegation", text="rahasia")
    assert current(game).room.messages[-1].channel == "delegation:idn"
    rejected(
        "no_country",
        talk.post_message,
        game_id=game.pk,
        player_id=loner,
        channel="delegation",
        text="halo",
    )
    talk.create_group(game_id=game.pk, player_id=idn, countries=["usa"], title="Bilateral")
    group = next(iter(current(game).room.groups.values()))
    assert set(group.countries) == {"idn", "usa"}
    talk.post_message(game_id=game.pk, player_id=usa, channel=f"group:{group.id}", text="ok")
    deu = seat(game, "Ayu", "deu")
    rejected(
        "unknown_group",
        talk.post_message,
        game_id=game.pk,
        player_id=deu,
        channel=f"group:{group.id}",
        text="boleh ikut?",
    )


def test_only_civil_society_publishes_statements(game):
    press = seat(game, "Pers Merdeka", civil=True)
    delegate = seat(game, "Bayu", "idn")
    talk.post_message(game_id=game.pk, player_id=press, channel="statements", text="Laporan")
    rejected(
        "not_allowed",
        talk.post_message,
        game_id=game.pk,
        player_id=delegate,
        channel="statements",
        text="Saya juga",
    )


def test_the_facilitator_hides_messages_and_announces(game):
    player = seat(game, "Cici", "idn")
    talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="kasar")
    message = current(game).room.messages[-1]
    talk.hide_message(game_id=game.pk, message_id=message.id, hidden=True, actor="facilitator")
    assert current(game).room.message(message.id).hidden
    rejected(
        "unknown_message",
        talk.hide_message,
        game_id=game.pk,
        message_id=9999,
        hidden=True,
        actor="facilitator",
    )
    talk.announce(game_id=game.pk, text="Lima menit lagi", country=None, actor="facilitator")
    talk.announce(game_id=game.pk, text="Kirim kebijakan", country="idn", actor="facilitator")
    channels = [m.channel for m in current(game).room.messages[-2:]]
    assert channels == ["announcements", "announce:idn"]


def test_a_message_the_room_no_longer_keeps_can_still_be_hidden_and_stays_hidden_in_the_log(
    game, monkeypatch
):
    monkeypatch.setattr("game.room.KEPT_PER_CHANNEL", 1)
    player = seat(game, "Cici", "idn")
    old = talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="kasar")
    talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="maaf")
    assert current(game).room.message(old.seq) is None

    talk.hide_message(game_id=game.pk, message_id=old.seq, hidden=True, actor="facilitator")

    whole = conversation(recorded(game))
    assert [(m.text, m.hidden) for m in whole] == [("kasar", True), ("maaf", False)]
    assert [m.text for m in current(game).room.messages] == ["maaf"]


def test_help_requests_reach_the_facilitator(game):
    player = seat(game, "Dedi", "idn")
    talk.request_help(game_id=game.pk, player_id=player, text="Bagaimana cara menandatangani?")
    talk.answer_help(
        game_id=game.pk, player_id=player, text="Tekan Tanda tangan", actor="facilitator"
    )
    assert [m.channel for m in current(game).room.messages] == [f"help:{player}"] * 2


# The log ---------------------------------------------------------------------------------


def test_a_rule_error_records_nothing(game):
    head = seat(game, "Euis", "idn")
    to_phase(game, "decision")
    before = game.events.count()
    with pytest.raises(GameError):
        play.submit_policy(game_id=game.pk, player_id=head, policy=Policy(development=10**9))
    assert game.events.count() == before


def test_events_are_never_changed_or_deleted(game):
    seat(game, "Fani", "idn")
    event = game.events.first()
    event.data = {"forged": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        GameEvent.objects.filter(game=game).update(type="x")
    with pytest.raises(AppendOnlyError):
        GameEvent.objects.filter(game=game).delete()


def test_sequence_numbers_have_no_holes(game):
    seat(game, "Gani", "idn")
    to_phase(game, "results")
    seqs = list(game.events.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    game.refresh_from_db()
    assert game.last_seq == len(seqs)


def test_replaying_the_log_reproduces_the_live_game(game):
    head = seat(game, "Hadi", "idn")
    seat(game, "Ira", "usa")
    seats.set_bot(game_id=game.pk, country="ner", strategy="free-rider", actor="facilitator")
    talk.post_message(game_id=game.pk, player_id=head, channel="plenary", text="Mari bekerja sama")
    session = to_phase(game, "decision")
    play.submit_policy(
        game_id=game.pk, player_id=head, policy=Policy(mitigation=session.state.budget("idn"))
    )
    to_phase(game, "briefing")
    live = current(game)
    rebuilt = replay(game)
    assert rebuilt.state.as_dict() == live.state.as_dict()
    assert rebuilt.room.as_dict() == live.room.as_dict()
    assert rebuilt.seq == live.seq == game.last_seq


@pytest.mark.django_db(transaction=True)
def test_a_move_leaves_no_reference_cycle_for_the_garbage_collector(game):
    """Every move is freed as soon as it is done: cycles wait for the collector, and a
    full collection of a busy process stops its event loop for tens of milliseconds."""
    import gc

    player = seat(game, "Ratna", "idn")
    talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="pemanasan")
    gc.collect()
    gc.disable()
    try:
        for n in range(3):
            talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text=f"{n}")
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.django_db(transaction=True)
def test_a_move_costs_one_lock_one_insert_and_one_update(game):
    """What a student's move asks of the game's row and log when the process holds the
    game's fold (it keeps it after each commit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    player = seat(game, "Ratna", "idn")
    with CaptureQueriesContext(connection) as queries:
        talk.post_message(game_id=game.pk, player_id=player, channel="plenary", text="halo")
    on_games = [q["sql"] for q in queries if '"game_game"' in q["sql"]]
    on_log = [q["sql"] for q in queries if '"game_gameevent"' in q["sql"]]
    assert [sql.split()[0] for sql in on_games] == ["SELECT", "UPDATE"]
    assert [sql.split()[0] for sql in on_log] == ["INSERT"]
    game.refresh_from_db()
    assert game.last_seq == recorded(game)[-1].seq
