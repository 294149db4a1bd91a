/*
 * clock.h — the monotonic clock and short sleeps, for timeouts and back-off.
 */
#ifndef ZT_CLOCK_H
#define ZT_CLOCK_H

#include <stdint.h>

/* Monotonic clock in microseconds. */
int64_t clock_now_us(void);

/* Sleeps `ms` milliseconds (a signal may end it early). */
void clock_sleep_ms(long ms);

#endif
