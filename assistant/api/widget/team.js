// The widget's team page: the reps x skills heatmap (an SVG drawn here, no charting library, nothing from a
// CDN), the at-risk deals with their evidence, and the open deals not prepared lately. Everything from the
// server is set with textContent or as an SVG attribute: notes are data, never markup.
"use strict";

window.CoachTeam = (() => {
  const NS = "http://www.w3.org/2000/svg";
  // Column labels by the room a cell has: the full name, a word, or a few letters (the legend spells them out).
  const SKILL_SHORT = {
    prospecting: "Prospecting",
    qualification: "Qualification",
    deal_strategy: "Strategy",
    call_execution: "Calls",
    customer_value: "Value",
    time_and_resources: "Time",
  };
  const SKILL_TINY = {
    prospecting: "Pro",
    qualification: "Qual",
    deal_strategy: "Strat",
    call_execution: "Call",
    customer_value: "Val",
    time_and_resources: "Time",
  };

  function columnLabel(skill, cell) {
    if (cell >= 125) return skillName(skill);
    if (cell >= 80) return SKILL_SHORT[skill] || skill;
    return SKILL_TINY[skill] || skill;
  }

  function skillName(skill) {
    return String(skill || "").replace(/_/g, " ");
  }

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // 0 -> pale blue-grey, 1 -> deep red: a gap score read at a glance, the value printed in the cell as well.
  function cellColour(score) {
    const t = Math.max(0, Math.min(1, score));
    const from = [238, 242, 247];
    const to = [180, 35, 24];
    const rgb = from.map((f, i) => Math.round(f + (to[i] - f) * t));
    return `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
  }

  function shortRep(name, room) {
    if (name.length * 7 <= room) return name;
    const parts = name.split(/\s+/);
    return parts.length > 1 ? `${parts[0]} ${parts[parts.length - 1][0]}.` : name;
  }

  // The heatmap at the container's own width: cells shrink to fit 360 px, labels stay readable (no scaling).
  function layout(overview, width) {
    const nameW = Math.max(78, Math.min(150, Math.round(width * 0.26)));
    return { nameW, cell: Math.max(34, Math.floor((width - nameW - 4) / overview.skills.length)) };
  }

  function cellWidth(overview, width) {
    return layout(overview, width).cell;
  }

  function heatmap(overview, width) {
    const skills = overview.skills;
    const { nameW, cell } = layout(overview, width);
    const rowH = 30;
    const headH = 26;
    const w = nameW + cell * skills.length;
    const h = headH + rowH * overview.reps.length;
    const svg = svgEl("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", class: "heatmap" });
    svg.appendChild(svgEl("title", {}, "Gap score per skill across each rep's open deals (0 none, 1 severe)"));
    skills.forEach((skill, j) => {
      const label = svgEl("text", { x: nameW + j * cell + cell / 2, y: headH - 9, "text-anchor": "middle", class: "head" },
        columnLabel(skill, cell));
      label.appendChild(svgEl("title", {}, skillName(skill)));
      svg.appendChild(label);
    });
    overview.reps.forEach((rep, i) => {
      const y = headH + i * rowH;
      const row = svgEl("g", { class: "rep-row", "data-rep": rep.rep });
      const stalled = rep.stalled || [];
      const name = svgEl("text", { x: 0, y: y + rowH / 2 + 4, class: stalled.length ? "rep stalled" : "rep" },
        (stalled.length ? "\u2691 " : "") + shortRep(rep.rep, nameW - (stalled.length ? 18 : 6)));
      if (stalled.length) {
        row.setAttribute("data-stalled", stalled.join(" "));
        name.appendChild(svgEl("title", {}, `${rep.rep}: ${stalled.map(skillName).join(", ")} has not moved in two reviews`));
      }
      row.appendChild(name);
      skills.forEach((skill, j) => {
        const score = rep.open_deals ? rep.scores[skill] || 0 : 0;
        const x = nameW + j * cell;
        const g = svgEl("g", { class: "cell", "data-skill": skill, "data-score": score.toFixed(2) });
        g.appendChild(svgEl("rect", { x: x + 1, y: y + 1, width: cell - 2, height: rowH - 2, rx: 4, fill: cellColour(score) }));
        g.appendChild(svgEl("text", {
          x: x + cell / 2, y: y + rowH / 2 + 4, "text-anchor": "middle", class: score >= 0.5 ? "value dark" : "value",
        }, rep.open_deals ? score.toFixed(2) : "–"));
        g.appendChild(svgEl("title", {}, `${rep.rep} · ${skillName(skill)}: ${score.toFixed(2)} over ${rep.open_deals} open deal(s)`));
        row.appendChild(g);
      });
      svg.appendChild(row);
    });
    return svg;
  }

  // One small line chart per skill: the rep's gap score at each review and now (drawn here, no library).
  function historyCharts(history, width) {
    const box = document.createElement("div");
    box.className = "history";
    const w = Math.max(140, Math.min(220, Math.floor((width - 12) / 2)));
    const h = 64;
    const top = Math.max(0.5, ...history.skills.flatMap((s) => s.points.map((p) => p.score)));
    for (const s of history.skills) {
      const svg = svgEl("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", class: "spark",
        "data-skill": s.skill, "data-trend": s.trend });
      svg.appendChild(svgEl("title", {}, `${skillName(s.skill)}: ${s.points.map((p) => `${p.on} ${p.score.toFixed(2)}`).join(", ")} (${skillName(s.trend)})`));
      svg.appendChild(svgEl("text", { x: 2, y: 11, class: "head" }, `${skillName(s.skill)} · ${skillName(s.trend)}`));
      const n = s.points.length;
      const xy = s.points.map((p, i) => [8 + (n > 1 ? (i * (w - 16)) / (n - 1) : (w - 16) / 2), h - 8 - (p.score / top) * (h - 26)]);
      svg.appendChild(svgEl("polyline", { points: xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
        fill: "none", class: `line ${s.trend}` }));
      xy.forEach(([x, y], i) => svg.appendChild(svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5,
        class: s.points[i].review_id ? "dot" : "dot now" })));
      box.appendChild(svg);
    }
    return box;
  }

  // api(path) -> fetch Response; openPrep(dealId) opens the deal's prep pack in the chat.
  function create({ el, api, errorMessage, openPrep }) {
    let last = null;

    async function load(container, team) {
      container.replaceChildren(el("p", "muted", "Loading the team…"));
      try {
        const response = await api(`/v1/teams/${encodeURIComponent(team)}/overview`);
        if (!response.ok) throw new Error(await errorMessage(response));
        last = await response.json();
        render(container, last);
      } catch (e) {
        if (e.message === "unauthorized") return;
        const bubble = el("div", "msg error");
        bubble.appendChild(el("div", "text", "Sorry: " + e.message));
        container.replaceChildren(bubble);
      }
    }

    function render(container, o) {
      const parts = [];
      parts.push(el("h2", null, `Team ${o.team}`));
      parts.push(el("p", "sub", [o.as_of && `as of ${o.as_of}`, o.common_gap && `most common gap: ${skillName(o.common_gap)}`]
        .filter(Boolean).join(" · ")));

      parts.push(el("h3", null, "Skills across open deals"));
      const chart = el("div", "chart");
      parts.push(chart);

      parts.push(el("h3", null, "Progress across reviews"));
      const progress = el("div", "progress");
      const pick = document.createElement("select");
      pick.className = "rep-pick";
      pick.setAttribute("aria-label", "Rep");
      for (const r of o.reps) {
        const opt = document.createElement("option");
        opt.value = r.rep;
        opt.textContent = r.rep + ((r.stalled || []).length ? " \u2691" : "");
        pick.appendChild(opt);
      }
      const charts = el("div", "charts");
      pick.addEventListener("change", () => loadHistory(charts, o.team, pick.value));
      progress.append(pick, charts);
      parts.push(progress);

      parts.push(el("h3", null, "At-risk deals, most at risk first"));
      const risks = el("ol", "at-risk");
      for (const d of o.at_risk) {
        const li = el("li", "risk");
        li.dataset.deal = d.deal_id;
        const open = el("button", "deal-link", `${d.account || d.deal_id} · ${d.deal_id}`);
        open.type = "button";
        open.title = "Open the prep pack";
        open.addEventListener("click", () => openPrep(d.deal_id));
        li.appendChild(open);
        const amount = d.amount !== null && d.amount !== undefined ? Math.round(d.amount).toLocaleString("en-US") : null;
        li.appendChild(el("div", "sub", [d.rep, d.stage && skillName(d.stage), amount, `risk ${d.score}`].filter(Boolean).join(" · ")));
        const flags = el("ul", "flags");
        const seen = new Set();
        for (const f of d.flags) {
          if (seen.has(f.flag)) continue;
          seen.add(f.flag);
          const item = el("li", "flag");
          item.appendChild(el("span", "badge", skillName(f.flag)));
          item.appendChild(el("span", "detail", " " + f.detail));
          if (f.quote) item.appendChild(el("p", "quote", `“${f.quote}” · ${f.note_id}`));
          flags.appendChild(item);
        }
        li.appendChild(flags);
        risks.appendChild(li);
      }
      if (!o.at_risk.length) risks.appendChild(el("li", "muted", "No open deal carries a risk flag."));
      parts.push(risks);

      parts.push(el("h3", null, `Not prepared in ${o.stale_days} days`));
      const due = el("ul", "due");
      for (const d of o.not_reviewed) {
        const li = el("li", null);
        const open = el("button", "deal-link small", `${d.deal_id} · ${d.account || ""}`);
        open.type = "button";
        open.addEventListener("click", () => openPrep(d.deal_id));
        li.appendChild(open);
        li.appendChild(el("span", "muted small", d.last_prepared ? ` last ${d.last_prepared} (${d.days} days)` : " never prepared"));
        due.appendChild(li);
      }
      if (!o.not_reviewed.length) due.appendChild(el("li", "muted", "Every open deal was prepared lately."));
      parts.push(due);

      container.replaceChildren(...parts);
      drawChart(chart, o);
      if (o.reps.length) loadHistory(charts, o.team, pick.value);
    }

    // Picking another rep while a history loads: only the latest pick may draw (answers can arrive out of order).
    let historyRequest = 0;

    async function loadHistory(box, team, rep) {
      const request = ++historyRequest;
      box.replaceChildren(el("p", "muted small", "Loading…"));
      delete box.dataset.rep;
      try {
        const response = await api(`/v1/teams/${encodeURIComponent(team)}/reps/${encodeURIComponent(rep)}/history`);
        if (!response.ok) throw new Error(await errorMessage(response));
        const history = await response.json();
        if (request !== historyRequest) return;
        const parts = [];
        if (!history.reviews.length) parts.push(el("p", "muted small", "No reviews recorded yet: the charts show now only."));
        parts.push(historyCharts(history, box.clientWidth || 320));
        for (const [label, item] of [["Keep", history.keep], ["Start", history.start], ["Stop", history.stop]]) {
          if (!item) continue;
          const p = el("p", "small item", `${label}: ${item.what}`);
          if (item.evidence.length) p.title = item.evidence.map((e) => `“${e.quote}” · ${e.note_id}`).join("\n");
          parts.push(p);
        }
        box.replaceChildren(...parts);
        box.dataset.rep = rep;
      } catch (e) {
        if (e.message === "unauthorized" || request !== historyRequest) return;
        box.replaceChildren(el("p", "muted small", "Sorry: " + e.message));
      }
    }

    function drawChart(chart, o) {
      const svg = heatmap(o, chart.clientWidth || 320);
      const legend = el("p", "legend small muted", "");
      const width = chart.clientWidth || 320;
      const abbreviated = o.skills.filter((s) => columnLabel(s, cellWidth(o, width)) !== skillName(s));
      legend.textContent = abbreviated.length
        ? "0 no gap, 1 a severe one · " + abbreviated.map((s) => `${columnLabel(s, cellWidth(o, width))} ${skillName(s)}`).join(" · ")
        : "0 no gap, 1 a severe one";
      chart.replaceChildren(svg, legend);
    }

    function redraw(container) {
      const chart = container.querySelector(".chart");
      if (chart && last) drawChart(chart, last);
    }

    return { load, redraw };
  }

  return { create, heatmap, historyCharts };
})();
