import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type TicketChanges } from './api';
import { errorMessage } from './i18n/errors';
import type { Attachment, Ticket, TicketStatus } from '../../shared/schemas/tickets';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export interface TicketEditor {
  ticket: Ticket | undefined;
  loadError: ApiError | null;
  deleted: boolean;
  /** The notes as typed (may be ahead of the server). */
  draft: string;
  saveState: SaveState;
  saveError: string | null;
  /** The teammate's version when their notes and ours diverged; the user picks one. */
  conflict: Ticket | null;
  setDraft(notes: string): void;
  flushNotes(): void;
  keepMine(): void;
  takeTheirs(): void;
  setStatus(status: TicketStatus): Promise<void>;
  setTitle(title: string): Promise<void>;
  /** A teammate's user id, or null to unassign. */
  setAssignee(assigneeId: string | null): Promise<void>;
  /** Priority, due date, visibility: sent as one change. */
  setFields(changes: Pick<TicketChanges, 'priority' | 'dueAt' | 'visibleToVisitor'>): Promise<void>;
  addTag(name: string): Promise<void>;
  removeTag(name: string): Promise<void>;
  addAttachment(attachment: Attachment): void;
  removeAttachment(id: string): void;
  /** Pull the server's copy (reconnect, source deleted); queued behind our own saves. */
  refresh(): void;
  /** A copy of the ticket from a live event; queued behind our own saves, ignored when older. */
  receive(ticket: Ticket): void;
}

const NOTES_DEBOUNCE_MS = 700;

/**
 * Edits one ticket with optimistic concurrency: every PATCH carries the `version` it is based on,
 * and all writes go through one queue so our own saves never race each other. The notes draft is
 * kept apart from the server copy; when a teammate's notes differ from what we started from while
 * we have unsaved text, nothing is overwritten — `conflict` holds theirs until the user chooses.
 */
export function useTicketEditor(ticketId: string): TicketEditor {
  const [ticket, setTicket] = useState<Ticket>();
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [deleted, setDeleted] = useState(false);
  const [draft, setDraftState] = useState('');
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Ticket | null>(null);

  const ticketRef = useRef<Ticket | undefined>(undefined);
  const draftRef = useRef('');
  /** The server notes our draft is based on. */
  const baseRef = useRef('');
  const conflictRef = useRef<Ticket | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const enqueue = useCallback((op: () => Promise<void>) => {
    const next = queue.current.then(op).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) setDeleted(true);
      else setSaveError(errorMessage(error));
    });
    queue.current = next;
    return next;
  }, []);

  const setConflictBoth = (value: Ticket | null) => {
    conflictRef.current = value;
    setConflict(value);
  };

  const updateDraft = (notes: string) => {
    draftRef.current = notes;
    setDraftState(notes);
  };

  const stateOfDraft = (): SaveState => (draftRef.current === baseRef.current ? 'saved' : 'dirty');

  /** Takes a server copy of the ticket and reconciles the notes draft with it. */
  const adopt = useCallback((server: Ticket) => {
    ticketRef.current = server;
    setTicket(server);
    if (conflictRef.current) {
      // Still undecided: show the teammate's latest text.
      setConflictBoth(server);
      return;
    }
    if (server.notes === baseRef.current) return;
    if (draftRef.current === baseRef.current || draftRef.current === server.notes) {
      baseRef.current = server.notes;
      updateDraft(server.notes);
      setSaveState('saved');
    } else {
      setConflictBoth(server);
      setSaveState('conflict');
    }
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.getTicket(ticketId).then(
      (loaded) => {
        if (cancelled) return;
        baseRef.current = loaded.notes;
        updateDraft(loaded.notes);
        ticketRef.current = loaded;
        setTicket(loaded);
      },
      (error: ApiError) => !cancelled && setLoadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [ticketId]);

  /** 409: the answer carries the current ticket; fetch it if an older server left it out. */
  const currentFrom = async (error: ApiError): Promise<Ticket> =>
    (error.details.ticket as Ticket | undefined) ?? api.getTicket(ticketId);

  const saveNotes = useCallback(() => enqueue(async () => {
    const current = ticketRef.current;
    if (!current || conflictRef.current) return;
    const text = draftRef.current;
    if (text === baseRef.current) {
      setSaveState('saved');
      return;
    }
    setSaveState('saving');
    setSaveError(null);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const saved = await api.updateTicket(ticketId, { notes: text, version: ticketRef.current!.version });
        baseRef.current = saved.notes;
        adopt(saved);
        setSaveState(stateOfDraft());
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 409) {
          setSaveState('error');
          throw error;
        }
        const theirs = await currentFrom(error);
        // Only the version moved (status, title or attachments changed): our notes still apply.
        if (theirs.notes === baseRef.current) {
          ticketRef.current = theirs;
          setTicket(theirs);
          continue;
        }
        adopt(theirs);
        if (!conflictRef.current) setSaveState(stateOfDraft());
        return;
      }
    }
  }), [adopt, enqueue, ticketId]);

  const setDraft = useCallback((notes: string) => {
    updateDraft(notes);
    if (!conflictRef.current) setSaveState(stateOfDraft());
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void saveNotes();
    }, NOTES_DEBOUNCE_MS);
  }, [saveNotes]);

  const flushNotes = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    void saveNotes();
  }, [saveNotes]);

  const keepMine = useCallback(() => {
    const theirs = conflictRef.current;
    if (!theirs) return;
    // Our text now replaces theirs, based on their latest version.
    baseRef.current = theirs.notes;
    ticketRef.current = theirs;
    setTicket(theirs);
    setConflictBoth(null);
    void saveNotes();
  }, [saveNotes]);

  const takeTheirs = useCallback(() => {
    const theirs = conflictRef.current;
    if (!theirs) return;
    baseRef.current = theirs.notes;
    updateDraft(theirs.notes);
    ticketRef.current = theirs;
    setTicket(theirs);
    setConflictBoth(null);
    setSaveState('saved');
  }, []);

  /**
   * A one-field change (status, title, assignee, tags): the user's explicit intent, re-applied once on
   * a stale version. Tag edits are computed from the ticket as it then is, so a retry adds or removes
   * just that tag instead of writing back a stale set.
   */
  const patchField = useCallback((changes: TicketChanges | ((current: Ticket) => TicketChanges)) => enqueue(async () => {
    if (!ticketRef.current) return;
    const resolve = (current: Ticket) => (typeof changes === 'function' ? changes(current) : changes);
    try {
      adopt(await api.updateTicket(ticketId, { ...resolve(ticketRef.current), version: ticketRef.current.version }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      adopt(await currentFrom(error));
      adopt(await api.updateTicket(ticketId, { ...resolve(ticketRef.current!), version: ticketRef.current!.version }));
    }
  }), [adopt, enqueue, ticketId]);

  const refresh = useCallback(() => {
    void enqueue(async () => {
      // Adopted even at the same version: a deleted source or new attachment does not bump it.
      adopt(await api.getTicket(ticketId));
    });
  }, [adopt, enqueue, ticketId]);

  const receive = useCallback((server: Ticket) => {
    void enqueue(async () => {
      if (!ticketRef.current || server.version >= ticketRef.current.version) adopt(server);
    });
  }, [adopt, enqueue]);

  const addAttachment = useCallback((attachment: Attachment) => {
    const current = ticketRef.current;
    if (!current || current.attachments.some((a) => a.id === attachment.id)) return;
    const next = { ...current, attachments: [...current.attachments, attachment] };
    ticketRef.current = next;
    setTicket(next);
  }, []);

  const removeAttachment = useCallback((id: string) => {
    const current = ticketRef.current;
    if (!current) return;
    const next = { ...current, attachments: current.attachments.filter((a) => a.id !== id) };
    ticketRef.current = next;
    setTicket(next);
  }, []);

  // Unsaved notes are saved when leaving the page within the app; a tab close asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (draftRef.current !== baseRef.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (timer.current) {
        clearTimeout(timer.current);
        void saveNotes();
      }
    };
  }, [saveNotes]);

  return {
    ticket, loadError, deleted, draft, saveState, saveError, conflict,
    setDraft, flushNotes, keepMine, takeTheirs,
    setStatus: (status) => patchField({ status }),
    setTitle: (title) => patchField({ title }),
    setAssignee: (assigneeId) => patchField({ assigneeId }),
    setFields: (changes) => patchField(changes),
    addTag: (name) => patchField((current) => ({ tags: [...current.tags, name] })),
    removeTag: (name) => patchField((current) => ({ tags: current.tags.filter((tag) => tag !== name) })),
    addAttachment, removeAttachment, refresh, receive,
  };
}
