// Series over rounds from view.history (each record is one round's resolution), starting
// from the world before round 1 when the page knows it (`start`, rendered by the server).

import { countryName } from "../format.js";

function startWorld(start) {
  return start && start.world ? start.world : null;
}

/** One world indicator over rounds: [{x: round, y}] with round 0 the start. */
export function worldPoints(view, start, key) {
  const points = [];
  const before = startWorld(start);
  if (before && Number.isFinite(before[key])) points.push({ x: 0, y: before[key] });
  for (const record of view.history || []) {
    const value = record.world ? record.world[key] : null;
    if (Number.isFinite(value)) points.push({ x: record.round, y: value });
  }
  return points;
}

/** A country's wealth before round 1: from the server's start figures, or worked back from
 * round 1 (its wealth after the round minus every change the round recorded). */
export function startWealth(view, start, cid) {
  const known = start?.countries?.[cid]?.wealth;
  if (Number.isFinite(known)) return known;
  const first = (view.history || [])[0];
  if (first && first.countries?.[cid] && first.changes?.[cid]) {
    const delta = Object.values(first.changes[cid]).reduce((sum, v) => sum + (Number(v) || 0), 0);
    return first.countries[cid].wealth - delta;
  }
  return view.countries[cid]?.wealth ?? null;
}

export function startScore(start, cid) {
  const known = start?.countries?.[cid]?.score;
  return Number.isFinite(known) ? known : 100;
}

export function countryPoints(view, start, cid, key) {
  const points = [];
  const before = key === "wealth" ? startWealth(view, start, cid) : key === "score" ? startScore(start, cid) : null;
  if (Number.isFinite(before) && (start || (view.history || []).length)) points.push({ x: 0, y: before });
  for (const record of view.history || []) {
    const value = record.countries?.[cid]?.[key];
    if (Number.isFinite(value)) points.push({ x: record.round, y: value });
  }
  return points;
}

export function countryIds(view) {
  return Object.keys(view.countries || {});
}

/** Kept and broken commitments per round, from each resolution's compliance checks. */
export function complianceByRound(view) {
  const kept = [];
  const broken = [];
  for (const record of view.history || []) {
    const checks = record.compliance || [];
    kept.push({ x: record.round, y: checks.filter((c) => c.kept).length });
    broken.push({ x: record.round, y: checks.filter((c) => !c.kept).length });
  }
  return { kept, broken };
}

function tally(view, keyOf, labelOf) {
  const counts = new Map();
  for (const record of view.history || []) {
    for (const check of record.compliance || []) {
      const key = keyOf(check);
      const entry = counts.get(key) || { kept: 0, broken: 0 };
      entry[check.kept ? "kept" : "broken"] += 1;
      counts.set(key, entry);
    }
  }
  const keys = [...counts.keys()];
  return {
    kept: keys.map((k) => ({ x: labelOf(k), y: counts.get(k).kept })),
    broken: keys.map((k) => ({ x: labelOf(k), y: counts.get(k).broken })),
    any: keys.length > 0,
  };
}

export function complianceByAgreement(view) {
  const title = (id) => {
    const agreement = (view.agreements || []).find((a) => a.id === id);
    return agreement?.draft?.title ? `${agreement.draft.title} (${id})` : id;
  };
  return tally(view, (check) => check.agreement, title);
}

export function complianceByCountry(view) {
  return tally(view, (check) => check.country, (cid) => countryName(view, cid));
}
