import { singleton } from './singleton.server.ts'

/**
 * Real-time invalidation (docs/decisions/0007). After a transaction commits, the server tells the
 * browsers that may be showing the record to reload it; the message carries only
 * `{ topic, id, version }`, never record data, so every byte of data still flows through the
 * loaders and their permission and consent checks.
 */
export type Invalidation = { topic: string; id: string; version: number }

/** Who hears it: everyone logged in, members of organisations, or single users. */
export type Audience = { everyone?: boolean; organisationIds?: readonly string[]; userIds?: readonly string[] }

export interface Publisher {
  publish(invalidation: Invalidation, audience: Audience): void
  /** Ends a user's open sockets at once (deactivation). */
  disconnectUser(userId: string): void
  /** Ends the sockets of one session (logout in that browser). */
  disconnectSession(sessionId: string): void
}

export const rooms = {
  /** Joined by a client that subscribes to a topic ("kommune") or one record ("kommune:<id>"). */
  topic: (topic: string) => `topic:${topic}`,
  organisation: (id: string) => `org:${id}`,
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
}

/** Public records go to the rooms of their topic and record; private ones to organisations or users. */
export function roomsFor({ topic, id }: Invalidation, audience: Audience): string[] {
  return [
    ...(audience.everyone ? [rooms.topic(topic), rooms.topic(`${topic}:${id}`)] : []),
    ...(audience.organisationIds ?? []).map(rooms.organisation),
    ...(audience.userIds ?? []).map(rooms.user),
  ]
}

/** Used until the server attaches socket.io (scripts, tests without a server): remembers nothing. */
const silentPublisher: Publisher = { publish() {}, disconnectUser() {}, disconnectSession() {} }

const holder = singleton('publisher', () => ({ current: silentPublisher as Publisher }))

export function setPublisher(publisher: Publisher) {
  holder.current = publisher
}

type InvalidationListener = (invalidation: Invalidation) => void
const listeners = singleton('invalidation-listeners', () => new Set<InvalidationListener>())

/** Server-side caches that must forget what a write changed (app/utils/figures-cache.server.ts). */
export function onInvalidation(listener: InvalidationListener) {
  listeners.add(listener)
}

/** Runs this process's listeners: for its own writes, and for other processes' (through Redis). */
export function notifyInvalidationListeners(invalidation: Invalidation) {
  for (const listener of listeners) listener(invalidation)
}

/** Listeners first: a browser told to reload must not be served what the write just changed. */
export function publishInvalidation(invalidation: Invalidation, audience: Audience) {
  notifyInvalidationListeners(invalidation)
  holder.current.publish(invalidation, audience)
}

export function disconnectUser(userId: string) {
  holder.current.disconnectUser(userId)
}

export function disconnectSession(sessionId: string) {
  holder.current.disconnectSession(sessionId)
}
