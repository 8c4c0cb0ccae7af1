// Structured answers in the chat widget: prep packs (focus, evidence, questions with their type and cited
// notes), self-coaching replies and rep plans. Everything is built with createElement and textContent.
"use strict";

window.CoachRender = (() => {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // loadNote(dealId, noteId) -> Promise<note | null>: how the widget fetches a cited note (cached per deal).
  function create(loadNote) {
    function renderStructured(item, body, coach) {
      const p = coach.payload || {};
      let card = null;
      if (coach.kind === "prep" && p.questions) card = prepCard(p);
      else if (coach.kind === "self" && p.questions) card = selfCard(p);
      else if (coach.kind === "rep_plan" && p.questions) card = planCard(p);
      if (!card) return;
      const plain = el("details", "plain");
      plain.appendChild(el("summary", null, "Plain text"));
      body.remove();
      plain.appendChild(body);
      item.appendChild(card);
      item.appendChild(plain);
    }

    function skillName(skill) {
      return String(skill || "").replace(/_/g, " ");
    }

    function prepCard(pack) {
      const card = el("div", "card prep");
      card.appendChild(el("h2", null, `${pack.account || pack.deal_id} · ${pack.deal_id}`));
      const sub = [pack.rep, pack.stage && skillName(pack.stage), pack.as_of && `as of ${pack.as_of}`].filter(Boolean);
      card.appendChild(el("p", "sub", sub.join(" · ")));
      card.appendChild(el("h3", null, "Focus"));
      for (const area of pack.focus_areas || []) {
        const box = el("div", "focus");
        box.appendChild(el("div", "skill", skillName(area.skill)));
        box.appendChild(el("div", "why", String(area.why || "").split(": ").slice(1).join(": ") || area.why));
        for (const ev of (area.evidence || []).slice(0, 2)) {
          const quote = el("p", "quote", `“${ev.quote}” `);
          quote.appendChild(citeButton(pack.deal_id, ev.note_id));
          box.appendChild(quote);
        }
        card.appendChild(box);
      }
      card.appendChild(el("h3", null, "Questions for the review"));
      card.appendChild(questionList(pack.questions, pack.deal_id));
      return card;
    }

    function selfCard(reply) {
      const card = el("div", "card self");
      card.appendChild(el("p", "lead", reply.reply));
      card.appendChild(el("h3", null, "Questions to think through"));
      card.appendChild(questionList(reply.questions, reply.deal_id));
      return card;
    }

    function planCard(plan) {
      const card = el("div", "card plan");
      card.appendChild(el("h2", null, `Development plan · ${plan.rep}`));
      card.appendChild(el("h3", null, "Focus"));
      for (const area of plan.focus_areas || []) {
        const box = el("div", "focus");
        box.appendChild(el("div", "skill", skillName(area.skill)));
        box.appendChild(el("div", "why", area.why));
        card.appendChild(box);
      }
      card.appendChild(el("h3", null, "Questions for the one-to-one"));
      card.appendChild(questionList(plan.questions, null));
      return card;
    }

    function questionList(questions, dealId) {
      const list = el("ol", "questions");
      for (const q of questions || []) {
        const li = el("li", "question");
        li.appendChild(el("div", "q", q.text));
        const meta = el("div", "meta");
        meta.appendChild(el("span", "badge type", q.type));
        if (q.skill) meta.appendChild(el("span", "badge", skillName(q.skill)));
        const deal = q.deal_id || dealId;
        for (const noteId of q.citations || []) meta.appendChild(citeButton(deal, noteId));
        li.appendChild(meta);
        list.appendChild(li);
      }
      return list;
    }

    // A cited note: its text appears on hover (title) and, on click, in a box under the question.
    function citeButton(dealId, noteId) {
      const button = el("button", "cite", noteId);
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.title = "Show note " + noteId;
      if (!dealId) return button;
      button.addEventListener("mouseenter", async () => {
        const note = await loadNote(dealId, noteId);
        if (note) button.title = `${note.note_id}${note.date ? " · " + note.date : ""}: ${note.text}`;
      });
      button.addEventListener("click", async () => {
        const holder = button.closest("li, .focus") || button.parentElement;
        const open = holder.querySelector(`.note-pop[data-note="${CSS.escape(noteId)}"]`);
        if (open) {
          open.remove();
          button.setAttribute("aria-expanded", "false");
          return;
        }
        const note = await loadNote(dealId, noteId);
        const pop = el("div", "note-pop");
        pop.dataset.note = noteId;
        const head = [noteId, note && note.date, note && note.author].filter(Boolean).join(" · ");
        pop.appendChild(el("span", "note-head", head));
        pop.appendChild(document.createTextNode(note ? note.text : "This note is not available."));
        holder.appendChild(pop);
        button.setAttribute("aria-expanded", "true");
      });
      return button;
    }

    return { renderStructured };
  }

  return { el, create };
})();
