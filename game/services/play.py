"""Moves in the negotiation: national policies and agreements, by players and delegations."""

from __future__ import annotations

from game.engine.agreements import AgreementDraft
from game.engine.commands import (
    Command,
    DraftAgreement,
    EditAgreement,
    LeaveAgreement,
    OpenAgreement,
    SignAgreement,
    SubmitPolicy,
    WithdrawAgreement,
)
from game.engine.errors import RuleError
from game.engine.policy import check_policy
from game.engine.state import Policy
from game.errors import GameError
from game.models import Game
from game.session import Session

from . import access
from .bots import play_bots
from .engine import run
from .log import locked, record
from .phases import advance_if_all_submitted


def _engine(game: Game, session: Session, command: Command, actor: str) -> Session:
    try:
        return run(game, session, command, actor=actor)
    except RuleError as error:
        raise GameError.from_rule(error) from None


def submit_policy(*, game_id: int, player_id: int, policy: Policy) -> Session:
    with locked(game_id) as (game, session):
        member = access.head(session, player_id)
        actor = f"player:{player_id}"
        session = _engine(game, session, SubmitPolicy(member.country, policy), actor)
        return advance_if_all_submitted(game, session, actor)


def propose_policy(*, game_id: int, player_id: int, policy: Policy) -> Session:
    """A member suggests a policy to the head; it is checked like a submission would be."""
    with locked(game_id) as (game, session):
        member = access.delegate(session, player_id)
        if session.state.phase not in ("negotiation", "decision"):
            raise GameError("not_running")
        try:
            check_policy(session.state, member.country, policy)
        except RuleError as error:
            raise GameError.from_rule(error) from None
        data = {
            "country": member.country,
            "player": player_id,
            "round": session.state.round,
            "policy": policy.as_dict(),
        }
        return record(game, session, [("policy_proposed", data)], f"player:{player_id}")


def accept_proposal(*, game_id: int, player_id: int, proposal_id: int) -> Session:
    with locked(game_id) as (game, session):
        member = access.head(session, player_id)
        proposal = next(
            (
                p
                for p in session.room.proposals
                if p.id == proposal_id
                and p.country == member.country
                and p.round == session.state.round
            ),
            None,
        )
        if proposal is None:
            raise GameError("unknown_proposal", field="proposal", proposal=proposal_id)
        policy = Policy.from_dict(proposal.policy)
        actor = f"player:{player_id}"
        session = _engine(game, session, SubmitPolicy(member.country, policy), actor)
        return advance_if_all_submitted(game, session, actor)


def draft_agreement(*, game_id: int, player_id: int, draft: AgreementDraft) -> Session:
    with locked(game_id) as (game, session):
        access.playing(session)
        author = access.author_of(access.member(session, player_id))
        return _engine(game, session, DraftAgreement(author, draft), f"player:{player_id}")


def edit_agreement(
    *, game_id: int, player_id: int, agreement: str, draft: AgreementDraft
) -> Session:
    with locked(game_id) as (game, session):
        access.playing(session)
        author = access.author_of(access.member(session, player_id))
        command = EditAgreement(author, agreement, draft)
        return _engine(game, session, command, f"player:{player_id}")


def _as_author_or_head(session: Session, player_id: int) -> str:
    """Opening or withdrawing commits a delegation: its head, or a civil-society author."""
    member = access.member(session, player_id)
    if member.role == "civil":
        return access.author_of(member)
    return access.author_of(access.head(session, player_id))


def open_agreement(*, game_id: int, player_id: int, agreement: str) -> Session:
    with locked(game_id) as (game, session):
        access.playing(session)
        author = _as_author_or_head(session, player_id)
        session = _engine(game, session, OpenAgreement(author, agreement), f"player:{player_id}")
        return play_bots(game, session)


def withdraw_agreement(*, game_id: int, player_id: int, agreement: str) -> Session:
    with locked(game_id) as (game, session):
        access.playing(session)
        author = _as_author_or_head(session, player_id)
        command = WithdrawAgreement(author, agreement)
        return _engine(game, session, command, f"player:{player_id}")


def sign_agreement(*, game_id: int, player_id: int, agreement: str) -> Session:
    with locked(game_id) as (game, session):
        member = access.head(session, player_id)
        command = SignAgreement(member.country, agreement)
        session = _engine(game, session, command, f"player:{player_id}")
        return play_bots(game, session)


def leave_agreement(*, game_id: int, player_id: int, agreement: str) -> Session:
    with locked(game_id) as (game, session):
        member = access.head(session, player_id)
        command = LeaveAgreement(member.country, agreement)
        return _engine(game, session, command, f"player:{player_id}")
