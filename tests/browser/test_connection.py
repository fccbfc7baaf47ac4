"""The page's connection to the game (connection.js) in Chromium, with a socket the test opens
and closes itself: what becomes of a request made before the socket is open."""

from __future__ import annotations

import pytest

from .classroom import open_page

pytestmark = pytest.mark.browser

# A stand-in for the browser's WebSocket that opens, answers and closes when the test says.
CONNECT = """
async () => {
  class FakeSocket extends EventTarget {
    constructor(url) { super(); this.readyState = 0; this.sent = []; window.fakeSocket = this; }
    send(data) { this.sent.push(JSON.parse(data)); }
    open() { this.readyState = 1; this.dispatchEvent(new Event('open')); }
    answer(message) {
      this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify(message)}));
    }
    drop() { this.readyState = 3; this.dispatchEvent(new CloseEvent('close', {code: 1006})); }
  }
  FakeSocket.OPEN = 1;
  window.WebSocket = FakeSocket;
  const { GameConnection } = await import('/static/game/js/connection.js');
  window.connection = new GameConnection('/ws/games/ABCDEF/play/').connect();
}
"""

ASK = """
() => {
  window.outcome = null;
  connection.request({type: 'choose_delegation', country: 'idn'})
    .then((answer) => { window.outcome = answer.type; },
          (error) => { window.outcome = error.code; });
}
"""


@pytest.fixture
def page(game_server, phone):
    page = open_page(phone)
    page.goto(game_server.url + "/")
    page.evaluate(CONNECT)
    return page


def test_a_tap_while_the_page_first_connects_goes_out_once_the_socket_opens(page) -> None:
    page.evaluate(ASK)
    assert page.evaluate("fakeSocket.sent") == []  # not sent, and not failed either
    assert page.evaluate("window.outcome") is None

    page.evaluate("fakeSocket.open()")
    sent = page.evaluate("fakeSocket.sent")
    assert [(m["type"], m["country"]) for m in sent] == [("choose_delegation", "idn")]

    page.evaluate("ref => fakeSocket.answer({type: 'ack', ref})", sent[0]["ref"])
    page.wait_for_function("window.outcome === 'ack'")


def test_once_connected_a_request_while_the_connection_is_down_fails_at_once(page) -> None:
    page.evaluate("fakeSocket.open()")
    page.evaluate("fakeSocket.drop()")

    page.evaluate(ASK)

    page.wait_for_function("window.outcome === 'offline'", timeout=1000)
    assert page.evaluate("fakeSocket.sent") == []


def test_a_request_waiting_for_a_socket_that_fails_to_open_is_told_nothing_was_sent(page) -> None:
    page.evaluate(ASK)

    page.evaluate("fakeSocket.drop()")

    page.wait_for_function("window.outcome === 'offline'", timeout=1000)
