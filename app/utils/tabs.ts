import { useSearchParams } from '@remix-run/react'

/**
 * Tabs whose open tab is in the URL (`?visning=`), so that a loader reads only the open tab's
 * rows (bench/pages.ts: loading every tab's list cost a list page a third of its time) and a link
 * or a reload keeps the tab.
 */
export const TAB_PARAM = 'visning'

/** The tab the URL asks for, if it is one of `tabs`. */
export function tabFromUrl<T extends string>(url: URL, tabs: readonly T[]): T | undefined {
  const asked = url.searchParams.get(TAB_PARAM)
  return tabs.find((tab) => tab === asked)
}

/** Opening a tab: the same page with `?visning=` and the first rows again, without scrolling. */
export function useOpenTab() {
  const [params, setParams] = useSearchParams()
  return (tab: string | null) => {
    if (!tab) return
    const next = new URLSearchParams(params)
    next.set(TAB_PARAM, tab)
    next.delete('antal')
    setParams(next, { preventScrollReset: true, replace: true })
  }
}
