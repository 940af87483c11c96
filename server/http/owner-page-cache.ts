import type { EventBus } from '../realtime/events.js';

/** Entries older than this are never served: a bound on staleness should a change ever publish no event. */
const MAX_AGE_MS = 10_000;
/** Serialized pages kept per process, all workspaces together (oldest workspace dropped first). */
const MAX_BYTES = 32 * 1024 * 1024;
/** Workspaces followed at once (each holds one live-event listener). */
const MAX_WORKSPACES = 2_000;

interface Workspace {
  /** Bumped by every live event of the workspace; a page read before a bump is never stored after it. */
  generation: number;
  pages: Map<string, { json: string; at: number }>;
  bytes: number;
  unsubscribe: () => void;
}

/**
 * Serialized first pages of a workspace's lists (the ticket inbox), as sent, cleared by the live events
 * of that workspace. Every change that alters a list item publishes an owner event after its commit
 * (on PostgreSQL it reaches every server through LISTEN/NOTIFY, and a LISTEN gap sends `resync`, which
 * clears too), so a cached page is as fresh as the dashboards' live view. A page is stored only if no
 * event arrived while it was read (`generation`), so a read that raced a commit is not kept.
 *
 * Measured (docs/BENCHMARKS.md): the inbox first page cost 4.2 ms of CPU at 1M tickets on SQLite,
 * most of it reading and presenting 50 tickets that had not changed since the last request.
 */
export class OwnerPageCache {
  private readonly workspaces = new Map<string, Workspace>();
  private bytes = 0;

  constructor(private readonly events: Pick<EventBus, 'onOwner'>, private readonly maxBytes = MAX_BYTES, private readonly maxAgeMs = MAX_AGE_MS) {}

  /** The cached page, or a ticket to store one read from now: `store(json)` keeps it unless an event came first. */
  lookup(ownerId: string, key: string): { json: string } | { store: (json: string) => void } {
    const workspace = this.workspace(ownerId);
    const hit = workspace.pages.get(key);
    const now = Date.now();
    if (hit && now - hit.at <= this.maxAgeMs) return { json: hit.json };
    const generation = workspace.generation;
    return {
      store: (json) => {
        if (this.workspaces.get(ownerId) !== workspace || workspace.generation !== generation) return;
        this.drop(workspace, key);
        workspace.pages.set(key, { json, at: now });
        workspace.bytes += json.length;
        this.bytes += json.length;
        this.evict();
      },
    };
  }

  /** Workspaces currently cached (tests and diagnostics). */
  get size(): number {
    return this.workspaces.size;
  }

  close(): void {
    for (const workspace of this.workspaces.values()) workspace.unsubscribe();
    this.workspaces.clear();
    this.bytes = 0;
  }

  private workspace(ownerId: string): Workspace {
    const workspace = this.workspaces.get(ownerId);
    if (workspace) {
      // Most recently used last: eviction takes the first.
      this.workspaces.delete(ownerId);
      this.workspaces.set(ownerId, workspace);
      return workspace;
    }
    if (this.workspaces.size >= MAX_WORKSPACES) this.forget(this.workspaces.keys().next().value!);
    const created: Workspace = { generation: 0, pages: new Map(), bytes: 0, unsubscribe: () => {} };
    // Subscribed before the first read, so an event that lands during it is seen.
    created.unsubscribe = this.events.onOwner(ownerId, () => this.clear(created));
    this.workspaces.set(ownerId, created);
    return created;
  }

  private clear(workspace: Workspace): void {
    workspace.generation++;
    this.bytes -= workspace.bytes;
    workspace.bytes = 0;
    workspace.pages.clear();
  }

  private drop(workspace: Workspace, key: string): void {
    const old = workspace.pages.get(key);
    if (!old) return;
    workspace.pages.delete(key);
    workspace.bytes -= old.json.length;
    this.bytes -= old.json.length;
  }

  private evict(): void {
    for (const ownerId of this.workspaces.keys()) {
      if (this.bytes <= this.maxBytes) return;
      this.forget(ownerId);
    }
  }

  private forget(ownerId: string): void {
    const workspace = this.workspaces.get(ownerId);
    if (!workspace) return;
    this.clear(workspace);
    workspace.unsubscribe();
    this.workspaces.delete(ownerId);
  }
}
