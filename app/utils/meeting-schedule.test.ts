import { describe, expect, it } from 'vitest'
import { addDaysIso, copenhagenDate, copenhagenInstant, copenhagenTime } from './dates.ts'
import { meetingTimes, occurrenceDates } from './meeting-schedule.ts'

/**
 * Series generation across the daylight-saving changes of Europe/Copenhagen in 2027: summer time
 * begins on the last Sunday of March (28 March, 02:00 CET → 03:00 CEST, i.e. at 01:00Z) and ends
 * on the last Sunday of October (31 October, 03:00 CEST → 02:00 CET, i.e. at 01:00Z).
 */
const SPRING_FORWARD = '2027-03-28'
const FALL_BACK = '2027-10-31'

/** Every 14 days from Thursday 4 March 2027; the expected UTC instants of 09:00 in Copenhagen
 *  (checked against the system tz database with GNU date, not computed by the code under test). */
const SERIES = { firstDate: '2027-03-04', intervalDays: 14 }
const EXPECTED_STARTS: [date: string, startsAt: string][] = [
  ['2027-03-04', '2027-03-04T08:00:00.000Z'],
  ['2027-03-18', '2027-03-18T08:00:00.000Z'],
  ['2027-04-01', '2027-04-01T07:00:00.000Z'],
  ['2027-04-15', '2027-04-15T07:00:00.000Z'],
  ['2027-04-29', '2027-04-29T07:00:00.000Z'],
  ['2027-05-13', '2027-05-13T07:00:00.000Z'],
  ['2027-05-27', '2027-05-27T07:00:00.000Z'],
  ['2027-06-10', '2027-06-10T07:00:00.000Z'],
  ['2027-06-24', '2027-06-24T07:00:00.000Z'],
  ['2027-07-08', '2027-07-08T07:00:00.000Z'],
  ['2027-07-22', '2027-07-22T07:00:00.000Z'],
  ['2027-08-05', '2027-08-05T07:00:00.000Z'],
  ['2027-08-19', '2027-08-19T07:00:00.000Z'],
  ['2027-09-02', '2027-09-02T07:00:00.000Z'],
  ['2027-09-16', '2027-09-16T07:00:00.000Z'],
  ['2027-09-30', '2027-09-30T07:00:00.000Z'],
  ['2027-10-14', '2027-10-14T07:00:00.000Z'],
  ['2027-10-28', '2027-10-28T07:00:00.000Z'],
  ['2027-11-11', '2027-11-11T08:00:00.000Z'],
  ['2027-11-25', '2027-11-25T08:00:00.000Z'],
]

describe('the daylight-saving days of 2027', () => {
  it('are the last Sundays of March and October', () => {
    for (const day of [SPRING_FORWARD, FALL_BACK]) {
      expect(new Date(`${day}T12:00:00Z`).getUTCDay()).toBe(0)
      expect(addDaysIso(day, 7).slice(5, 7)).not.toBe(day.slice(5, 7))
    }
  })
})

describe('a series every 14 days at 09:00 across both daylight-saving changes', () => {
  const dates = occurrenceDates(SERIES, '2027-03-01', '2027-11-30')

  it('keeps the 14-day rhythm through both changes', () => {
    expect(dates).toEqual(EXPECTED_STARTS.map(([date]) => date))
    for (const [index, date] of dates.entries()) expect(date).toBe(addDaysIso(SERIES.firstDate, index * 14))
  })

  it('puts every meeting at 09:00 Copenhagen time: 08:00Z in winter, 07:00Z in summer', () => {
    for (const [index, date] of dates.entries()) {
      const { startsAt, endsAt } = meetingTimes(date, '09:00', 120)
      expect(startsAt.toISOString()).toBe(EXPECTED_STARTS[index]![1])
      expect(copenhagenTime(startsAt)).toBe('09:00')
      expect(copenhagenDate(startsAt)).toBe(date)
      expect(copenhagenTime(endsAt)).toBe('11:00')
      expect(endsAt.getTime() - startsAt.getTime()).toBe(120 * 60 * 1000)
    }
    const summer = dates.filter((d) => d > SPRING_FORWARD && d < FALL_BACK)
    const winter = dates.filter((d) => d < SPRING_FORWARD || d > FALL_BACK)
    expect(summer).toHaveLength(16)
    expect(winter).toHaveLength(4)
    for (const d of summer) expect(meetingTimes(d, '09:00', 120).startsAt.getUTCHours()).toBe(7)
    for (const d of winter) expect(meetingTimes(d, '09:00', 120).startsAt.getUTCHours()).toBe(8)
  })

  it('is at 09:00 local on the change days themselves', () => {
    expect(meetingTimes(SPRING_FORWARD, '09:00', 60).startsAt.toISOString()).toBe('2027-03-28T07:00:00.000Z')
    expect(meetingTimes(FALL_BACK, '09:00', 60).startsAt.toISOString()).toBe('2027-10-31T08:00:00.000Z')
    // The day before each change is still on the old offset.
    expect(copenhagenInstant('2027-03-27', '09:00').toISOString()).toBe('2027-03-27T08:00:00.000Z')
    expect(copenhagenInstant('2027-10-30', '09:00').toISOString()).toBe('2027-10-30T07:00:00.000Z')
  })

  it('measures the duration in real minutes, also across the change in the night', () => {
    // 01:00 CET on the spring day is 00:00Z; three real hours later it is 04:00 CEST (the 02:00 hour is skipped).
    const spring = meetingTimes(SPRING_FORWARD, '01:00', 180)
    expect(spring.startsAt.toISOString()).toBe('2027-03-28T00:00:00.000Z')
    expect(spring.endsAt.toISOString()).toBe('2027-03-28T03:00:00.000Z')
    expect(copenhagenTime(spring.endsAt)).toBe('05:00')
    // 01:00 CEST on the autumn day is 23:00Z the day before; three real hours later it is 03:00 CET.
    const autumn = meetingTimes(FALL_BACK, '01:00', 180)
    expect(autumn.startsAt.toISOString()).toBe('2027-10-30T23:00:00.000Z')
    expect(copenhagenTime(autumn.endsAt)).toBe('03:00')
  })
})

describe('occurrenceDates', () => {
  it('from a date between two occurrences starts at the next one on the series rhythm', () => {
    expect(occurrenceDates(SERIES, '2027-03-10', '2027-04-30')).toEqual(['2027-03-18', '2027-04-01', '2027-04-15', '2027-04-29'])
    // Straddling both changes: the day after an occurrence, the day before one.
    expect(occurrenceDates(SERIES, '2027-03-19', '2027-04-01')).toEqual(['2027-04-01'])
    expect(occurrenceDates(SERIES, '2027-10-27', '2027-11-12')).toEqual(['2027-10-28', '2027-11-11'])
    expect(occurrenceDates(SERIES, '2027-10-29', '2027-11-24')).toEqual(['2027-11-11'])
  })

  it('includes `from` and `until` when they are occurrences themselves', () => {
    expect(occurrenceDates(SERIES, '2027-10-14', '2027-10-28')).toEqual(['2027-10-14', '2027-10-28'])
  })

  it('starts at the first date when `from` lies before the series', () => {
    expect(occurrenceDates(SERIES, '2027-01-01', '2027-03-20')).toEqual(['2027-03-04', '2027-03-18'])
  })

  it('returns nothing when the window holds no occurrence, or ends before the series begins', () => {
    expect(occurrenceDates(SERIES, '2027-03-05', '2027-03-17')).toEqual([])
    expect(occurrenceDates(SERIES, '2026-12-01', '2027-03-03')).toEqual([])
  })

  it('stays on the rhythm far ahead, whatever day the window opens', () => {
    for (let offset = 0; offset < 28; offset++) {
      const from = addDaysIso('2028-01-01', offset)
      const [first] = occurrenceDates(SERIES, from, addDaysIso(from, 30))
      expect(first! >= from).toBe(true)
      expect(first! < addDaysIso(from, 14)).toBe(true)
      const days = Math.round((Date.parse(`${first}T12:00:00Z`) - Date.parse(`${SERIES.firstDate}T12:00:00Z`)) / 86_400_000)
      expect(days % 14).toBe(0)
    }
  })
})

describe('copenhagenInstant at the edges of daylight saving', () => {
  it('moves a time in the skipped spring hour one hour later, as documented', () => {
    // 02:30 does not exist on 28 March 2027; it becomes 03:30 CEST = 01:30Z.
    const skipped = copenhagenInstant(SPRING_FORWARD, '02:30')
    expect(skipped.toISOString()).toBe('2027-03-28T01:30:00.000Z')
    expect(copenhagenTime(skipped)).toBe('03:30')
    expect(copenhagenDate(skipped)).toBe(SPRING_FORWARD)
    expect(copenhagenInstant(SPRING_FORWARD, '02:00').toISOString()).toBe('2027-03-28T01:00:00.000Z')
    // The hours around the gap exist and are exact.
    expect(copenhagenInstant(SPRING_FORWARD, '01:59').toISOString()).toBe('2027-03-28T00:59:00.000Z')
    expect(copenhagenInstant(SPRING_FORWARD, '03:00').toISOString()).toBe('2027-03-28T01:00:00.000Z')
  })

  it('takes the second (winter-time) 02:30 in the repeated autumn hour', () => {
    // 02:30 happens twice on 31 October 2027: 00:30Z (CEST) and 01:30Z (CET).
    const ambiguous = copenhagenInstant(FALL_BACK, '02:30')
    expect(ambiguous.toISOString()).toBe('2027-10-31T01:30:00.000Z')
    expect(copenhagenTime(ambiguous)).toBe('02:30')
    expect(copenhagenTime(new Date('2027-10-31T00:30:00.000Z'))).toBe('02:30')
    // Either side of the repeated hour is unambiguous.
    expect(copenhagenInstant(FALL_BACK, '01:59').toISOString()).toBe('2027-10-30T23:59:00.000Z')
    expect(copenhagenInstant(FALL_BACK, '03:00').toISOString()).toBe('2027-10-31T02:00:00.000Z')
  })

  it('handles midnight on both offsets', () => {
    expect(copenhagenInstant('2027-07-01', '00:00').toISOString()).toBe('2027-06-30T22:00:00.000Z')
    expect(copenhagenInstant('2027-01-01', '00:00').toISOString()).toBe('2026-12-31T23:00:00.000Z')
    expect(copenhagenTime(copenhagenInstant('2027-07-01', '00:00'))).toBe('00:00')
  })
})
