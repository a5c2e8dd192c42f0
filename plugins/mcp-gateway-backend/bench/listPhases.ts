/** tools/list over every upstream: the first after start, cold (caches expired) and warm. */
import { percentileOfUnsorted as percentile } from '@mcp-platform/bench-utils';
import { rpc, target } from './benchRpc';
import { fmt, fmtDiff, ResultRow, TARGETS, UPSTREAMS } from './benchSettings';
import { BenchStack } from './benchStack';

/**
 * The first tools/list after start, and cold ones. The baseline is what the gateway itself
 * waits for: every upstream's tools/list sent at once by the load generator, straight to the
 * upstreams over open connections, until the last answers ("the slowest upstream" of that
 * fan-out; the upstreams share one process, so it is slower than the slowest one asked alone,
 * which is printed beside it).
 */
export async function coldListPhase(stack: BenchStack): Promise<ResultRow[]> {
  const { gateway, urls } = stack;
  const slowestAlone: number[] = [];
  for (let i = 0; i < 5; i++) {
    const slowest = target(urls[UPSTREAMS - 1]);
    const t0 = performance.now();
    await rpc(slowest, 'tools/list', {});
    slowestAlone.push(performance.now() - t0);
    await slowest.pool.close();
  }
  const upstreams = urls.map(url => target(url));
  const fanOut = async () => {
    const t0 = performance.now();
    await Promise.all(upstreams.map(t => rpc(t, 'tools/list', {})));
    return performance.now() - t0;
  };
  await fanOut(); // opens the connections, as the gateway's are open
  // tools/list, first after start: the catalog named the upstreams a while ago, so the gateway
  // has connected to them in the background.
  const firstStart = performance.now();
  const first = await rpc(gateway, 'tools/list', {});
  const firstMs = performance.now() - firstStart;
  const listed = first.body?.result?.tools?.length ?? 0;
  // tools/list, cold: lists and decisions expired (connections open), so every upstream is
  // asked and every decision made again (the policy engine's catalog facts expired too); the
  // median of five, each beside a direct fan-out measured just before it.
  const colds: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise(r => setTimeout(r, 2_300));
    direct.push(await fanOut());
    await new Promise(r => setTimeout(r, 50));
    if (i === 4) await stack.profileStart('cold');
    const t0 = performance.now();
    await rpc(gateway, 'tools/list', {});
    colds.push(performance.now() - t0);
    if (i === 4) await stack.profileStop('cold');
  }
  await Promise.all(upstreams.map(t => t.pool.close()));
  const coldMs = percentile(colds, 50);
  const directMs = percentile(direct, 50);
  return [
    [
      `tools/list over ${urls.length} upstreams, cold`,
      `all upstreams at once, direct: ${fmt(directMs)}`,
      `${fmt(coldMs)} (${listed} tools; median of 5)`,
      `${fmtDiff(coldMs - directMs)}`,
      `≤ slowest + ${TARGETS.coldOverSlowestMs} ms`,
      coldMs <= directMs + TARGETS.coldOverSlowestMs ? 'yes' : 'NO',
    ],
    [
      '  slowest upstream asked alone',
      fmt(percentile(slowestAlone, 50)),
      '',
      '',
      '(for comparison)',
      '',
    ],
    [
      '  first tools/list after start',
      '',
      fmt(firstMs),
      `${fmtDiff(firstMs - directMs)}`,
      '(for comparison)',
      '',
    ],
  ];
}

/** Warm tools/list through the gateway, against one upstream's list called directly. */
export async function warmListPhase(stack: BenchStack): Promise<ResultRow[]> {
  const { gateway, direct } = stack;
  const lists: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    await rpc(gateway, 'tools/list', {});
    lists.push(performance.now() - t0);
  }
  const directList: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await rpc(direct, 'tools/list', {});
    directList.push(performance.now() - t0);
  }
  return [
    [
      'tools/list over 21 upstreams, warm p99',
      `one upstream direct p99 ${fmt(percentile(directList, 99))}`,
      `gateway p99 ${fmt(percentile(lists, 99))} (p50 ${fmt(
        percentile(lists, 50),
      )})`,
      '',
      `≤ ${TARGETS.listP99Ms} ms`,
      percentile(lists, 99) <= TARGETS.listP99Ms ? 'yes' : 'NO',
    ],
  ];
}
