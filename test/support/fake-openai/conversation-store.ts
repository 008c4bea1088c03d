/** In-memory server-side state of the Conversations API. */
import { invalidRequest, isObject, notFound } from './http.ts';
import { ids, nowSeconds } from './ids.ts';
import { toStoredItem } from './items.ts';
import type { JsonObject, JsonValue } from './types.ts';

/** One stored conversation. */
export interface StoredConversation {
  id: string;
  created_at: number;
  metadata: JsonObject;
  items: JsonObject[];
}

/** Validates conversation `metadata` (≤ 16 string values); throws 400 naming the field. */
export function parseMetadata(value: JsonValue | undefined): JsonObject {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalidRequest("Invalid type for 'metadata': expected an object.", 'metadata');
  const keys = Object.keys(value);
  if (keys.length > 16) {
    throw invalidRequest(
      "Invalid 'metadata': too many properties (max 16).",
      'metadata',
      'object_above_max_length',
    );
  }
  for (const key of keys) {
    if (typeof value[key] !== 'string') {
      throw invalidRequest(
        `Invalid type for 'metadata.${key}': expected a string.`,
        `metadata.${key}`,
        'invalid_type',
      );
    }
  }
  return { ...value };
}

/** Conversations by id, plus the per-conversation in-flight lock. */
export class ConversationStore {
  private readonly byId = new Map<string, StoredConversation>();
  private readonly itemView = new Map<string, JsonObject[]>();
  private readonly locks = new Set<string>();

  /** Live read-only view: id → items (oldest first). */
  get items(): ReadonlyMap<string, readonly JsonObject[]> {
    return this.itemView;
  }

  /** The public `Conversation` object. */
  static toJson(conversation: StoredConversation): JsonObject {
    return {
      id: conversation.id,
      object: 'conversation',
      created_at: conversation.created_at,
      metadata: conversation.metadata,
    };
  }

  /** Creates a conversation, optionally seeded with ≤ 20 items. */
  create(rawItems: JsonObject[], metadata: JsonObject): StoredConversation {
    if (rawItems.length > 20) {
      throw invalidRequest("Invalid 'items': array too long (max 20).", 'items', 'array_above_max_length');
    }
    const conversation: StoredConversation = {
      id: ids.conversation(),
      created_at: nowSeconds(),
      metadata,
      items: [],
    };
    this.byId.set(conversation.id, conversation);
    this.itemView.set(conversation.id, conversation.items);
    this.append(conversation.id, rawItems, 'items');
    return conversation;
  }

  /** The conversation, or a 404 `HttpError`. */
  get(id: string): StoredConversation {
    const conversation = this.byId.get(id);
    if (!conversation) throw notFound(`Conversation with id '${id}' not found.`);
    return conversation;
  }

  /** Whether the conversation exists. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Deletes the conversation (404 when absent). */
  delete(id: string): void {
    this.get(id);
    this.byId.delete(id);
    this.itemView.delete(id);
    this.locks.delete(id);
  }

  /**
   * Normalises and appends items; ids already present → 400 "Duplicate item found with id …".
   * Validates every item before appending any. Returns the stored items.
   */
  append(id: string, rawItems: readonly JsonObject[], field: string): JsonObject[] {
    const conversation = this.get(id);
    const seen = new Set(conversation.items.map((item) => item.id));
    const stored = rawItems.flatMap((item, index) => {
      if (item.type === 'item_reference') return [];
      const normalised = toStoredItem(item, `${field}[${index}]`);
      if (seen.has(normalised.id)) {
        throw invalidRequest(`Duplicate item found with id ${String(normalised.id)}.`, field);
      }
      seen.add(normalised.id);
      return [normalised];
    });
    conversation.items.push(...stored);
    return stored;
  }

  /** Checks that appending `rawItems` would not duplicate an id (without storing anything). */
  assertNoDuplicates(id: string, rawItems: readonly JsonObject[], field: string): void {
    const conversation = this.get(id);
    const seen = new Set(conversation.items.map((item) => item.id));
    for (const item of rawItems) {
      if (item.type === 'item_reference') continue;
      if (typeof item.id === 'string' && seen.has(item.id)) {
        throw invalidRequest(`Duplicate item found with id ${item.id}.`, field);
      }
    }
  }

  /** Takes the in-flight lock; 400 `conversation_locked` when another response is running on it. */
  lock(id: string): () => void {
    if (this.locks.has(id)) {
      throw invalidRequest(
        'Another process is currently operating on this conversation. Please retry in a few seconds.',
        'conversation',
        'conversation_locked',
      );
    }
    this.locks.add(id);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.locks.delete(id);
    };
  }

  /** Drops everything. */
  clear(): void {
    this.byId.clear();
    this.itemView.clear();
    this.locks.clear();
  }
}
