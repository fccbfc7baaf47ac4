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

  /** Send a message and wait for the server's answer to it. */
  request(message) {
    const ref = `r${++this.counter}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ ...message, ref })) {
        reject({ code: "offline", message: null });
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject({ code: "timeout", message: null });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(ref, { resolve, reject, timer });
    });
  }
}
