// The animation benchmark's scenario: 9 replica nodes, 20 clients issuing puts and gets at
// once, slow links, so that about 200 messages are in flight at any moment of the measured
// window. `node bench/page/scenario.mjs` prints it (for `qsim run`).
//
// With n = 5 and client coordination, each operation sends 5 requests and gets up to 5 replies,
// each in flight for 100 to 300 simulated ms (mean 200): one operation every 10 ms keeps about
// 10 * 200 / 10 = 200 messages in flight once the first replies are on their way (~300 ms).

export function animationScenario({ nodes = 9, clients = 20, everyMs = 10, untilMs = 3000 } = {}) {
  const names = Array.from({ length: nodes }, (_, i) => String.fromCharCode(65 + i));
  const clientNames = Array.from({ length: clients }, (_, i) => `c${i + 1}`);
  const events = [];
  let i = 0;
  for (let at = 0; at <= untilMs; at += everyMs, i++) {
    const client = clientNames[i % clients];
    const key = `k${i % 12}`;
    if (i % 2 === 0) {
      events.push({ at, put: { client, key, value: `v${i}`, context: 'last' } });
    } else {
      events.push({ at, get: { client, key } });
    }
  }
  return {
    name: 'Benchmark: 9 nodes, about 200 messages in flight',
    description: 'Twenty clients put and get twelve keys on nine replicas over slow links.',
    seed: 42,
    cluster: {
      nodes: names,
      clients: clientNames,
      n: 5,
      w: 3,
      r: 3,
      versioning: 'dvv',
      coordinator: 'client',
      read_repair: true,
      anti_entropy_ms: null,
      sloppy_quorum: false,
      hinted_handoff: false,
      timeout_ms: 2000,
      latency: { uniform: [100, 300] },
    },
    events,
  };
}

/** The page's share link for a scenario: `#s=<base64url of its JSON>` (docs/UI.md). */
export function shareHash(scenario) {
  return `#s=${Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(animationScenario(), null, 1)}\n`);
}
