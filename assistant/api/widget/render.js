// Structured answers in the chat widget: prep packs (focus, evidence, questions with their type and cited
// notes), self-coaching replies, rep plans, questions on one topic, the team's at-risk deals (each opens its
// prep pack), gap scores per rep and skill, and the check of a manager's own questions. Everything is built
// with createElement and textContent.
"use strict";

window.CoachRender = (() => {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // loadNote(dealId, noteId) -> Promise<note | null>: how the widget fetches a cited note (cached per deal);
  // openPrep(dealId): opens a deal's prep pack in the chat (an at-risk deal's button).
  function create(loadNote, openPrep) {
    function renderStructured(item, body, coach) {
      const p = coach.payload || {};
      let card = null;
      if (coach.kind === "prep" && p.questions) card = prepCard(p);
      else if (coach.kind === "self" && p.questions) card = selfCard(p);
      else if (coach.kind === "rep_plan" && p.questions) card = planCard(p);
      else if (coach.kind === "topic" && p.questions) card = topicCard(p);
      else if (coach.kind === "team_risk" && p.at_risk) card = riskCard(p);
      else if (coach.kind === "skill_overview" && p.reps) card = overviewCard(p);
      else if (coach.kind === "check" && p.items) card = checkCard(p);
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

    function topicCard(found) {
      const card = el("div", "card topic");
      const about = found.person || skillName(found.topic) || "this deal";
      card.appendChild(el("h2", null, `Questions about ${about} · ${found.deal_id}`));
      card.appendChild(questionList(found.questions, found.deal_id));
      return card;
    }

    function riskCard(risk) {
      const card = el("div", "card risk");
      card.appendChild(el("h2", null, `Open deals at risk · ${risk.at_risk.length}`));
      const list = el("ol", "deals");
      for (const d of risk.at_risk) {
        const li = el("li", "deal");
        li.appendChild(el("span", "deal-id", d.deal_id));
        const name = [d.account, d.rep && `(${d.rep})`].filter(Boolean).join(" ");
        if (name) li.appendChild(el("span", "muted", ` ${name}`));
        const meta = el("div", "meta");
        for (const flag of d.flags || []) meta.appendChild(el("span", "badge", skillName(flag)));
        if (openPrep) {
          const open = el("button", "open-prep", "Prep pack");
          open.type = "button";
          open.title = `Open the prep pack of ${d.deal_id}`;
          open.addEventListener("click", () => openPrep(d.deal_id));
          meta.appendChild(open);
        }
        li.appendChild(meta);
        list.appendChild(li);
      }
      card.appendChild(list);
      if (risk.questions && risk.questions.length) {
        card.appendChild(el("h3", null, `Questions to open the review of ${risk.deal_id} with ${risk.rep}`));
        card.appendChild(questionList(risk.questions, risk.deal_id));
      }
      return card;
    }

    // Gap scores per rep (rows) and skill (columns), 0 no gap to 1 a large one; the worst cell of each column bold.
    function overviewCard(o) {
      const card = el("div", "card overview");
      card.appendChild(el("h2", null, o.skill ? `Gap scores · ${skillName(o.skill)}` : "Gap scores per rep"));
      const reps = Object.keys(o.reps);
      const skills = o.skill ? [o.skill] : Object.keys(o.reps[reps[0]] || {});
      const table = el("table", "scores");
      const head = el("tr");
      head.appendChild(el("th", null, "rep"));
      for (const s of skills) head.appendChild(el("th", null, skillName(s)));
      table.appendChild(head);
      const worst = Object.fromEntries(skills.map((s) => [s, Math.max(...reps.map((r) => o.reps[r][s]))]));
      for (const rep of reps) {
        const row = el("tr");
        row.appendChild(el("th", null, rep));
        for (const s of skills) {
          const score = o.reps[rep][s];
          row.appendChild(el("td", score === worst[s] && score > 0 ? "worst" : null, score.toFixed(2)));
        }
        table.appendChild(row);
      }
      const scroll = el("div", "table-scroll");
      scroll.appendChild(table);
      card.appendChild(scroll);
      if (o.common_gap) card.appendChild(el("p", "sub", `Most common gap: ${skillName(o.common_gap)}`));
      const talk = o.one_to_one || {};
      if (talk.rep && talk.questions && talk.questions.length) {
        card.appendChild(el("h3", null, `Questions for your one-to-one with ${talk.rep} on ${skillName(talk.skill)}`));
        card.appendChild(questionList(talk.questions.map((text) => ({ text })), null));
      }
      return card;
    }

    function checkCard(result) {
      const card = el("div", "card check");
      card.appendChild(el("h2", null, "Your questions, line by line"));
      const list = el("ol", "questions");
      for (const item of result.items) {
        const li = el("li", "question");
        li.appendChild(el("div", "q", item.text));
        const meta = el("div", "meta");
        meta.appendChild(el("span", "badge type", skillName(item.act)));
        if (item.type) meta.appendChild(el("span", "badge", item.type));
        li.appendChild(meta);
        if (item.suggestion) li.appendChild(el("div", "suggestion", `Open version: ${item.suggestion}`));
        list.appendChild(li);
      }
      card.appendChild(list);
      return card;
    }

    function questionList(questions, dealId) {
      const list = el("ol", "questions");
      for (const q of questions || []) {
        const li = el("li", "question");
        li.appendChild(el("div", "q", q.text));
        const meta = el("div", "meta");
        if (q.type) meta.appendChild(el("span", "badge type", q.type));
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
