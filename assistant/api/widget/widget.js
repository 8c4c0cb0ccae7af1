// The coach's chat widget: sign-in, streamed chat, feedback. Plain JS, no build step; render.js draws the
// structured answers. Text from the server is only ever set with textContent: notes are data, and nothing in
// them may become markup or code (the page's CSP forbids inline script too).
"use strict";

(() => {
  const KEY_STORE = "coach-key";
  const $ = (id) => document.getElementById(id);
  const state = { key: null, me: null, history: [], notes: new Map(), busy: false };
  const { el } = window.CoachRender;
  const cards = window.CoachRender.create((dealId, noteId) => findNote(dealId, noteId), (id) => openPrep(id));
  const team = window.CoachTeam.create({ el, api: (path) => api(path), errorMessage, openPrep: (id) => openPrep(id) });

  // ---------- tiny DOM helpers ----------
  function icon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  const THUMB_UP = "M2 21h4V9H2v12zm20-11c0-1.1-.9-2-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 7.9 6 8.4 6 9v10c0 1.1.9 2 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z";
  const THUMB_DOWN = "M22 3h-4v12h4V3zM2 14c0 1.1.9 2 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.3.6-.8.6-1.4V5c0-1.1-.9-2-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z";

  // ---------- API ----------
  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: "Bearer " + state.key }, options.headers || {});
    if (options.body && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
    const response = await fetch(path, Object.assign({}, options, { headers, credentials: "omit", cache: "no-store" }));
    if (response.status === 401) {
      signOut("That key was not accepted (missing, invalid or revoked).");
      throw new Error("unauthorized");
    }
    return response;
  }

  async function errorMessage(response) {
    try {
      const data = await response.json();
      return (data.error && data.error.message) || response.statusText;
    } catch (e) {
      return response.statusText || "request failed";
    }
  }

  // ---------- sign in / out ----------
  function showLogin(message) {
    $("chat").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("key").value = "";
    $("key").focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY_STORE);
    state.key = null;
    state.me = null;
    state.history = [];
    state.notes.clear();
    $("messages").replaceChildren();
    $("team-view").replaceChildren();
    $("deal-picker").replaceChildren($("deal-picker").options[0]);
    showView("chat");
    showLogin(message);
  }

  async function signIn(key) {
    state.key = key;
    let response;
    try {
      response = await fetch("/v1/me", { headers: { Authorization: "Bearer " + key }, credentials: "omit", cache: "no-store" });
    } catch (e) {
      showLogin("The coach service cannot be reached.");
      return;
    }
    if (!response.ok) {
      sessionStorage.removeItem(KEY_STORE);
      state.key = null;
      showLogin(response.status === 401 ? "That key was not accepted." : await errorMessage(response));
      return;
    }
    state.me = await response.json();
    sessionStorage.setItem(KEY_STORE, key);
    $("who").textContent = state.me.role === "rep"
      ? `${state.me.rep} · team ${state.me.team}`
      : `Manager · team ${state.me.team}`;
    $("ask").placeholder = state.me.role === "rep"
      ? "What are you working on? (e.g. a deal id)"
      : "Ask about a deal (e.g. D-201) or a rep…";
    $("login").hidden = true;
    $("chat").hidden = false;
    showView("chat");
    $("ask").focus();
    loadDeals();
  }

  // ---------- deal picker, team page, prep packs ----------
  const CLOSED = new Set(["closed_won", "closed_lost"]);

  async function loadDeals() {
    const picker = $("deal-picker");
    try {
      const response = await api(`/v1/teams/${encodeURIComponent(state.me.team)}/deals`);
      if (!response.ok) return;
      const deals = await response.json();
      const groups = { open: el("optgroup"), closed: el("optgroup") };
      groups.open.label = "Open deals";
      groups.closed.label = "Closed";
      for (const d of deals) {
        const label = [d.deal_id, d.account, state.me.role === "rep" ? null : d.rep, d.stage && d.stage.replace(/_/g, " ")];
        const option = el("option", null, label.filter(Boolean).join(" · "));
        option.value = d.deal_id;
        groups[CLOSED.has(d.stage) ? "closed" : "open"].appendChild(option);
      }
      picker.replaceChildren(picker.options[0], ...[groups.open, groups.closed].filter((g) => g.children.length));
    } catch (e) {
      /* the picker stays empty; the chat still works */
    }
  }

  function showView(view) {
    const teamView = view === "team";
    $("team-view").hidden = !teamView;
    $("messages").hidden = teamView;
    $("ask-form").hidden = teamView;
    $("tab-chat").setAttribute("aria-pressed", String(!teamView));
    $("tab-team").setAttribute("aria-pressed", String(teamView));
    if (teamView && state.me) team.load($("team-view"), state.me.team);
  }

  // A deal's prep pack, as the chat would show it; it joins the history so a follow-up is about this deal.
  async function openPrep(dealId) {
    if (state.busy) return;
    showView("chat");
    const asked = `Help me prepare the review of ${dealId}`;
    addMessage("user", asked);
    const { item, body } = addMessage("assistant", "");
    body.classList.add("typing");
    setBusy(true);
    try {
      const team = encodeURIComponent(state.me.team);
      const response = await api(`/v1/teams/${team}/deals/${encodeURIComponent(dealId)}/prep`);
      if (!response.ok) throw new Error(await errorMessage(response));
      const answerId = response.headers.get("X-Coach-Answer-Id");
      const pack = await response.json();
      const plain = [`${pack.account || pack.deal_id} (${pack.deal_id})`]
        .concat((pack.questions || []).map((q, i) => `${i + 1}. ${q.text}`)).join("\n");
      body.classList.remove("typing");
      body.textContent = plain;
      state.history.push({ role: "user", content: asked }, { role: "assistant", content: plain });
      cards.renderStructured(item, body, { kind: "prep", deal_id: pack.deal_id, payload: pack });
      addFeedback(item, answerId);
      item.dataset.answerId = answerId || "";
      item.classList.add("done");
    } catch (e) {
      body.classList.remove("typing");
      if (e.message !== "unauthorized") showError(item, body, e.message);
    } finally {
      setBusy(false);
      scrollDown();
    }
  }

  function showError(item, body, message) {
    item.classList.add("error");
    body.textContent = "Sorry: " + message;
  }

  // ---------- messages ----------
  function addMessage(role, text) {
    const item = el("li", "msg " + role);
    const body = el("div", "text", text);
    item.appendChild(body);
    $("messages").appendChild(item);
    scrollDown();
    return { item, body };
  }

  function scrollDown() {
    const list = $("messages");
    list.scrollTop = list.scrollHeight;
  }

  async function ask(text) {
    state.history.push({ role: "user", content: text });
    addMessage("user", text);
    const { item, body } = addMessage("assistant", "");
    body.classList.add("typing");
    setBusy(true);
    let reply = "";
    let coach = null;
    let answerId = null;
    try {
      const response = await api("/v1/chat/completions", {
        method: "POST",
        body: JSON.stringify({ model: "coach", stream: true, stream_options: { include_usage: true }, messages: state.history }),
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      answerId = response.headers.get("X-Coach-Answer-Id");
      await readEvents(response, (chunk) => {
        answerId = chunk.id || answerId;
        for (const choice of chunk.choices || []) {
          if (choice.delta && choice.delta.content) {
            reply += choice.delta.content;
            body.textContent = reply;
            scrollDown();
          }
        }
        if (chunk.coach) coach = chunk.coach;
      });
      body.classList.remove("typing");
      state.history.push({ role: "assistant", content: reply });
      if (coach) cards.renderStructured(item, body, coach);
      addFeedback(item, answerId);
      item.dataset.answerId = answerId || "";
      item.classList.add("done");
    } catch (e) {
      body.classList.remove("typing");
      state.history.pop();
      if (e.message !== "unauthorized") showError(item, body, e.message);
    } finally {
      setBusy(false);
      scrollDown();
    }
  }

  // Server-sent events over fetch: "data: {json}" blocks separated by a blank line, ending with "data: [DONE]".
  async function readEvents(response, onChunk) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        for (const line of block.split("\n")) {
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (data === "[DONE]") return;
          onChunk(JSON.parse(data));
        }
      }
    }
  }

  function setBusy(busy) {
    state.busy = busy;
    $("send").disabled = busy;
    $("ask").disabled = busy;
    $("deal-picker").disabled = busy;
  }

  async function findNote(dealId, noteId) {
    if (!state.notes.has(dealId)) {
      const team = encodeURIComponent(state.me.team);
      const load = api(`/v1/teams/${team}/deals/${encodeURIComponent(dealId)}/notes`)
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      state.notes.set(dealId, load);
    }
    const notes = await state.notes.get(dealId);
    return notes.find((n) => n.note_id === noteId) || null;
  }

  // ---------- feedback ----------
  function addFeedback(item, answerId) {
    if (!answerId) return;
    const bar = el("div", "feedback");
    const thanks = el("span", "thanks", "");
    const up = el("button", "up");
    const down = el("button", "down");
    up.type = down.type = "button";
    up.setAttribute("aria-label", "Helpful");
    down.setAttribute("aria-label", "Not helpful");
    up.setAttribute("aria-pressed", "false");
    down.setAttribute("aria-pressed", "false");
    up.appendChild(icon(THUMB_UP));
    down.appendChild(icon(THUMB_DOWN));
    const send = async (rating, button, other) => {
      button.disabled = other.disabled = true;
      try {
        const response = await api("/v1/feedback", {
          method: "POST",
          body: JSON.stringify({ answer_id: answerId, rating }),
        });
        if (!response.ok) throw new Error(await errorMessage(response));
        button.setAttribute("aria-pressed", "true");
        other.setAttribute("aria-pressed", "false");
        thanks.textContent = rating > 0 ? "Thanks!" : "Thanks, noted.";
      } catch (e) {
        thanks.textContent = "Could not send feedback.";
      } finally {
        button.disabled = other.disabled = false;
      }
    };
    up.addEventListener("click", () => send(1, up, down));
    down.addEventListener("click", () => send(-1, down, up));
    bar.append(up, down, thanks);
    item.appendChild(bar);
  }

  // ---------- wiring ----------
  function start() {
    $("login-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("key").value.trim();
      if (!key) {
        $("login-error").textContent = "Paste your API key.";
        return;
      }
      signIn(key);
    });
    $("logout").addEventListener("click", () => signOut(""));
    $("tab-chat").addEventListener("click", () => showView("chat"));
    $("tab-team").addEventListener("click", () => showView("team"));
    $("deal-picker").addEventListener("change", (event) => {
      const dealId = event.target.value;
      event.target.value = "";
      if (dealId) openPrep(dealId);
    });
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => team.redraw($("team-view")), 120);
    });
    $("ask-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("ask").value.trim();
      if (!text || state.busy) return;
      $("ask").value = "";
      ask(text);
    });
    $("ask").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        $("ask-form").requestSubmit();
      }
    });
    const saved = sessionStorage.getItem(KEY_STORE);
    if (saved) signIn(saved);
    else showLogin("");
  }

  start();
})();
