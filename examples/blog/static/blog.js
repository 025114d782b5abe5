// Tornado Blog in the browser: XSRF on every fetch, live posts and comments
// over server-sent events, and the chat room (websocket, else long polling).
"use strict";
const xsrf = document.querySelector('meta[name="xsrf"]').content;

async function post(path, data) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "X-XSRFToken": xsrf, "Accept": "application/json" },
    body: new URLSearchParams(data),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || `Error ${response.status}`);
  return json;
}

function insertOnce(list, html, where) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const node = template.content.firstElementChild;
  if (node === null || document.getElementById(node.id)) return;
  list.insertAdjacentElement(where, node);
}

function live(kind) {
  const source = new EventSource("/events");
  source.addEventListener("comment", (event) => {
    const data = JSON.parse(event.data);
    const list = document.getElementById("comments");
    if (list && Number(list.dataset.post) === data.postId) {
      insertOnce(list, data.html, "beforeend");
    }
  });
  source.addEventListener("post", (event) => {
    const list = document.getElementById("entries");
    if (kind !== "home" || !list || list.dataset.page !== "1") return;
    document.getElementById("no-entries")?.remove();
    insertOnce(list, JSON.parse(event.data).html, "afterbegin");
  });
  addEventListener("pagehide", () => source.close());
}

function commentForm() {
  const form = document.getElementById("comment-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector(".status");
    const body = form.elements.body.value.trim();
    if (body === "") return void (status.textContent = "…");
    try {
      await post(form.action, { body });
      form.elements.body.value = "";
      status.textContent = "";
    } catch (error) {
      status.textContent = error.message;
    }
  });
}

function chat() {
  const root = document.getElementById("chat");
  if (!root) return;
  const inbox = document.getElementById("inbox");
  const form = document.getElementById("chat-form");
  const status = document.getElementById("chat-status");
  const transport = document.getElementById("transport");
  let cursor = Number(root.dataset.cursor);
  let socket = null;

  function show({ messages, error }) {
    if (error) status.textContent = error;
    for (const m of messages ?? []) {
      cursor = Math.max(cursor, m.id);
      if (document.getElementById("m" + m.id)) continue;
      const li = document.createElement("li");
      li.className = "message";
      li.id = "m" + m.id;
      const who = document.createElement("b");
      who.textContent = m.author;
      const text = document.createElement("span");
      text.textContent = " " + m.body;
      li.append(who, text);
      inbox.append(li);
      inbox.scrollTop = inbox.scrollHeight;
    }
  }

  async function poll() {
    transport.textContent = "long polling";
    for (;;) {
      try {
        show(await post("/chat/updates", { cursor }));
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
  }

  function connect() {
    if (
      new URLSearchParams(location.search).get("transport") === "poll" ||
      !("WebSocket" in window)
    ) {
      return poll();
    }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(
      `${scheme}//${location.host}/chat/socket?cursor=${cursor}`,
    );
    let opened = false;
    ws.onopen = () => {
      opened = true;
      socket = ws;
      transport.textContent = "websocket";
    };
    ws.onmessage = (event) => show(JSON.parse(event.data));
    ws.onclose = () => {
      socket = null;
      if (!opened) poll(); // the websocket cannot get through: fall back
      else setTimeout(connect, 1000);
    };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.elements.body;
    const body = input.value.trim();
    const max = Number(root.dataset.max);
    status.textContent = "";
    if (body === "") return void (status.textContent = root.dataset.empty);
    if (body.length > max) return void (status.textContent = root.dataset.long);
    try {
      if (socket) socket.send(JSON.stringify({ body }));
      else show({ messages: [await post("/chat/new", { body })] });
      input.value = "";
    } catch (error) {
      status.textContent = error.message;
    }
  });
  connect();
}

const kind = document.body.dataset.live;
if (kind) live(kind);
commentForm();
chat();
