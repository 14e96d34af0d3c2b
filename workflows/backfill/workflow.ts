import { continueAsNew, proxyActivities, setCurrentDetails, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { BackfillActivities } from '../../activities/backfill';
import { type BackfillInput, type BackfillProgress, backfillProgressQuery } from './contract';

const acts = proxyActivities<BackfillActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '5s', maximumInterval: '1m' },
});

/** Long enough for a finished order's write-back to reach Company 1's feed. */
const RECENT_MS = 5 * 60_000;

/**
 * `npm run orders -- backfill --since <date>`: every Company 1 order created since then that has no
 * deal gets one, through its own order workflow (started idempotently, so a second backfill, a
 * notification or the feed meeting the same order start nothing twice). At most `window` orders are
 * in flight at once; the rest of amoCRM's 7/s stays with live orders. Progress: the `progress` query
 * and the workflow's details in the Web UI.
 */
export async function backfillWorkflow(input: BackfillInput): Promise<BackfillProgress> {
  const progress: BackfillProgress = input.resume?.progress ?? {
    phase: 'counting',
    total: 0,
    done: 0,
    needingAttention: 0,
    inFlight: 0,
    skipped: 0,
    startedAt: new Date().toISOString(),
    perMinute: 0,
  };
  const inFlight = new Set(input.resume?.inFlight ?? []);
  // Writing the deal back to Company 1 moves the order to the end of its feed, so a later page may
  // show a finished order again before its write-back is visible: it must not count twice.
  const recentlyDone = new Map<string, number>(input.resume?.recentlyDone ?? []);
  let cursor = input.resume?.cursor;
  let exhausted = input.resume?.exhausted ?? false;
  setHandler(backfillProgressQuery, () => progress);

  const show = () => {
    const minutes = (Date.now() - Date.parse(progress.startedAt)) / 60_000;
    progress.inFlight = inFlight.size;
    progress.perMinute = minutes > 0 ? Math.round((progress.done / minutes) * 10) / 10 : 0;
    const left = progress.total - progress.done - progress.needingAttention;
    progress.secondsLeft = progress.perMinute > 0 ? Math.round((left / progress.perMinute) * 60) : undefined;
    setCurrentDetails(
      `**Backfill since ${input.since}**: ${progress.done} of ${progress.total} orders have their deal` +
        ` · ${progress.inFlight} in flight · ${progress.perMinute}/min` +
        (progress.secondsLeft !== undefined ? ` · about ${Math.ceil(progress.secondsLeft / 60)} min left` : '') +
        (progress.flagged ? ` · ${progress.flagged} of them flagged (retrying or waiting for an operator)` : '') +
        (progress.needingAttention ? ` · ${progress.needingAttention} need attention` : ''),
    );
  };

  if (progress.phase === 'counting') {
    const counted = await acts.countBackfillOrders({ since: input.since });
    // Orders created after the count are the live system's: the backfill's scope ends at the newest it saw.
    progress.until = counted.newestCreatedAt ?? input.since;
    progress.total = counted.withoutDeal;
    progress.skipped = counted.withDeal;
    progress.phase = 'creating-deals';
    show();
  }

  const scope = { since: input.since, until: progress.until };
  while (!exhausted || inFlight.size > 0) {
    if (!exhausted && inFlight.size < input.window) {
      const page = await acts.handOverBackfillPage({ ...scope, cursor, limit: Math.min(100, input.window - inFlight.size) });
      for (const id of page.running) if (!recentlyDone.has(id)) inFlight.add(id);
      progress.needingAttention += page.ended;
      cursor = page.nextCursor ?? cursor;
      exhausted = page.exhausted;
    } else {
      await sleep(input.checkEveryMs);
    }
    if (inFlight.size > 0) {
      const check = await acts.checkBackfillOrders([...inFlight]);
      for (const id of check.withDeal) {
        if (!inFlight.delete(id)) continue;
        progress.done += 1;
        recentlyDone.set(id, Date.now());
      }
      for (const id of check.ended) if (inFlight.delete(id)) progress.needingAttention += 1;
      progress.flagged = check.flagged;
    }
    for (const [id, at] of recentlyDone) if (Date.now() - at > RECENT_MS) recentlyDone.delete(id);
    show();
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof backfillWorkflow>({ ...input, resume: { progress, inFlight: [...inFlight], recentlyDone: [...recentlyDone], cursor, exhausted } });
    }
  }
  // The final figures come from counting again: deals a notification or the feed created meanwhile count
  // as done, and whatever still has no deal (an invalid order, one flagged while it retries) is left to operators.
  const after = await acts.countBackfillOrders({ ...scope, knownDone: [...recentlyDone.keys()] });
  progress.needingAttention = after.withoutDeal;
  progress.done = Math.max(0, progress.total - after.withoutDeal);
  progress.phase = 'done';
  show();
  return progress;
}
