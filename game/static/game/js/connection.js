// One WebSocket to the game, kept alive: reconnects with back-off after a drop or a server
// restart, checks that every update follows the last one (seq/prev) and asks for a fresh
// snapshot when it does not. Requests carry a `ref`; `request()` resolves on the server's
// ack and rejects with the server's error, so forms can keep what the student typed.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const REQUEST_TIMEOUT_MS = 15000;

export class GameConnection extends EventTarget {
  constructor(path, { language } = {}) {
    super();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = new URL(`${scheme}//${location.host}${path}`);
    if (language) url.searchParams.set("lang", language);
    this.url = url.toString();
    this.seq = null;
    this.attempt = 0;
    this.pending = new Map();
    this.unsent = new Map(); // ref → request asked for while the page's first socket opened
    this.counter = 0;
    this.status = "connecting";
    this.closedForGood = false;
  }

  connect() {
    this.setStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      const waiting = [...this.unsent.values()];
      this.unsent.clear();
      for (const message of waiting) this.send(message);
      this.setStatus("open");
    });
    socket.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => this.closed(event));
    return this;
  }

  setStatus(status) {
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }

  closed(event) {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject({ code: "offline", message: null });
    }
    this.pending.clear();
    this.unsent.clear();
    if (event.code === 4404 || event.code === 4403) {
      this.closedForGood = true;
      this.setStatus("refused");
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.setStatus("reconnecting");
    setTimeout(() => this.connect(), delay);
  }

  receive(message) {
    switch (message.type) {
      case "snapshot":
        this.seq = message.seq;
        this.dispatchEvent(new CustomEvent("snapshot", { detail: message }));
        break;
      case "events":
        if (this.seq !== null && message.prev !== this.seq) {
          // Something went missing between us and the server: start again from its view.
          this.send({ type: "resync" });
          return;
        }
        this.seq = message.seq;
        this.dispatchEvent(new CustomEvent("events", { detail: message }));
        break;
      case "ack":
      case "pong":
        this.settle(message.ref, true, message);
        break;
      case "error":
        if (!this.settle(message.ref, false, message)) {
          this.dispatchEvent(new CustomEvent("servererror", { detail: message }));
        }
        break;
      case "presence":
        this.dispatchEvent(new CustomEvent("presence", { detail: message }));
        break;
      default:
        break;
    }
  }

  settle(ref, ok, message) {
    const entry = ref ? this.pending.get(ref) : null;
    if (!entry) return false;
    this.pending.delete(ref);
    clearTimeout(entry.timer);
    (ok ? entry.resolve : entry.reject)(message);
    return true;
  }

  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Send a message and wait for the server's answer to it.
   *
   * A page draws its first screen from the snapshot in its HTML before its socket is open:
   * a tap in that moment waits for the socket instead of failing. Once the page has been
   * connected, a request made while the connection is down fails at once, as nothing was
   * sent ("offline"); so does a waiting request whose socket never opened in time. */
  request(message) {
    const ref = `r${++this.counter}`;
    const framed = { ...message, ref };
    return new Promise((resolve, reject) => {
      const sent = this.send(framed);
      if (!sent && this.status !== "connecting") {
        reject({ code: "offline", message: null });
        return;
      }
      if (!sent) this.unsent.set(ref, framed);
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject({ code: this.unsent.delete(ref) ? "offline" : "timeout", message: null });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(ref, { resolve, reject, timer });
    });
  }
}
