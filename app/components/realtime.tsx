import { Badge, Tooltip } from '@mantine/core'
import { useNavigation, useRevalidator } from '@remix-run/react'
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Socket } from 'socket.io-client'

/**
 * The browser side of real-time updates (docs/decisions/0007): one socket per tab, pages declare
 * the topics they show, and an invalidation for one of them makes Remix revalidate the loaders.
 */
type Status = 'connecting' | 'connected' | 'reconnecting'
type Invalidation = { topic: string; id: string; version: number }
type Listener = (invalidation: Invalidation) => void

type Realtime = {
  status: Status
  subscribe(topics: string[], listener: Listener): () => void
}

const RealtimeContext = createContext<Realtime | null>(null)

function matches(topics: string[], { topic, id }: Invalidation) {
  return topics.includes(topic) || topics.includes(`${topic}:${id}`)
}

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('connecting')
  const socketRef = useRef<Socket | null>(null)
  const listeners = useRef(new Map<Listener, string[]>())
  const revalidator = useRevalidator()
  const revalidateRef = useRef(revalidator.revalidate)
  revalidateRef.current = revalidator.revalidate

  useEffect(() => {
    let socket: Socket | null = null
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      socket = io({ transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 3000 })
      socketRef.current = socket
      let everConnected = false
      socket.on('connect', () => {
        setStatus('connected')
        socket!.emit('subscribe', [...new Set([...listeners.current.values()].flat())])
        // After a gap, whatever changed meanwhile is unknown: reload everything on the page.
        if (everConnected) revalidateRef.current()
        everConnected = true
      })
      socket.on('disconnect', () => setStatus('reconnecting'))
      socket.on('connect_error', () => setStatus(everConnected ? 'reconnecting' : 'connecting'))
      socket.on('invalidate', (invalidation: Invalidation) => {
        for (const [listener, topics] of listeners.current) if (matches(topics, invalidation)) listener(invalidation)
      })
    })
    return () => {
      cancelled = true
      socket?.close()
      socketRef.current = null
    }
  }, [])

  const value = useMemo<Realtime>(
    () => ({
      status,
      subscribe(topics, listener) {
        listeners.current.set(listener, topics)
        socketRef.current?.emit('subscribe', topics)
        return () => {
          listeners.current.delete(listener)
        }
      },
    }),
    [status],
  )

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>
}

/**
 * Revalidates the page's loaders when one of these topics ("kommune", "kommune:<id>") changes.
 * While the user's own submission is under way the reload waits, so it cannot interrupt it
 * (Remix reloads after a submission anyway).
 */
export function useLiveTopics(topics: string[]) {
  const realtime = useContext(RealtimeContext)
  const revalidator = useRevalidator()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const busyRef = useRef(busy)
  busyRef.current = busy
  const pending = useRef(false)
  const revalidateRef = useRef(revalidator.revalidate)
  revalidateRef.current = revalidator.revalidate
  const key = topics.join('|')

  useEffect(() => {
    if (!realtime) return
    let timer: ReturnType<typeof setTimeout> | undefined
    // Several invalidations in a burst cause one reload.
    const unsubscribe = realtime.subscribe(key.split('|').filter(Boolean), () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (busyRef.current) pending.current = true
        else revalidateRef.current()
      }, 100)
    })
    return () => {
      clearTimeout(timer)
      unsubscribe()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `topics`
  }, [realtime?.subscribe, key])

  useEffect(() => {
    if (!busy && pending.current) {
      pending.current = false
      revalidateRef.current()
    }
  }, [busy])
}

const LABELS: Record<Status, { text: string; color: string; hint: string }> = {
  connecting: { text: 'Forbinder …', color: 'gray', hint: 'Opretter forbindelse til live-opdateringer.' },
  connected: { text: 'Live', color: 'teal', hint: 'Forbundet: ændringer fra andre vises med det samme.' },
  reconnecting: { text: 'Genforbinder …', color: 'orange', hint: 'Forbindelsen er afbrudt. Siden opdateres, når den er tilbage.' },
}

export function ConnectionIndicator() {
  const realtime = useContext(RealtimeContext)
  const label = LABELS[realtime?.status ?? 'connecting']
  return (
    <Tooltip label={label.hint}>
      <Badge color={label.color} variant="dot" size="lg" role="status" aria-live="polite" data-status={realtime?.status}>
        {label.text}
      </Badge>
    </Tooltip>
  )
}
