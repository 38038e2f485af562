// The demo's chat: one reliable, ordered data channel labelled "chat" on the
// publish PC; the server forwards each message to every other participant
// on a channel it opens on their subscribe PC, labelled
// "<sender participant id>/chat" (docs/protocol.md, "Data channels").

export const CHAT_LABEL = "chat";
/** Longest message the box sends, in characters (well under a=max-message-size). */
export const MAX_CHAT_CHARACTERS = 2000;

export class Chat {
  /** `nameOf(id)`: a participant's display name; `onChange()`: the log changed. */
  constructor({ nameOf, onChange }) {
    this.nameOf = nameOf;
    this.onChange = onChange;
    this.outgoing = null;
    this.log = []; // {from, name, text, own}
  }

  /** Session's onPeerConnection: the publish PC gets the outgoing channel
   * (before its offer, so the offer carries m=application), the subscribe
   * PC's channels are the others' messages. */
  attach(pc, label) {
    if (label === "publish") {
      this.outgoing = pc.createDataChannel(CHAT_LABEL, { ordered: true });
      this.outgoing.onopen = () => this.onChange?.();
      return;
    }
    pc.addEventListener("datachannel", (event) => {
      const channel = event.channel;
      const slash = channel.label.indexOf("/");
      if (slash < 0 || channel.label.slice(slash + 1) !== CHAT_LABEL) return;
      const from = channel.label.slice(0, slash);
      channel.onmessage = (message) => {
        if (typeof message.data !== "string") return; // the chat is text
        this.add({ from, name: this.nameOf(from), text: message.data, own: false });
      };
    });
  }

  get ready() {
    return this.outgoing?.readyState === "open";
  }

  /** Sends `text` to the room; false when the channel is not open yet. */
  send(text, selfName) {
    const message = text.slice(0, MAX_CHAT_CHARACTERS);
    if (!message.trim() || !this.ready) return false;
    this.outgoing.send(message);
    this.add({ from: null, name: selfName, text: message, own: true });
    return true;
  }

  add(entry) {
    this.log.push(entry);
    this.onChange?.();
  }
}

/** Draws the log into `list` (an <ol>), newest last, as text (never HTML). */
export function renderChat(list, chat) {
  list.replaceChildren(...chat.log.map((entry) => {
    const item = document.createElement("li");
    item.classList.toggle("own", entry.own);
    const who = document.createElement("strong");
    who.textContent = `${entry.name}: `;
    item.append(who, document.createTextNode(entry.text));
    return item;
  }));
  list.scrollTop = list.scrollHeight;
}
