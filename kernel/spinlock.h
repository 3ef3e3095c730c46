/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_SPINLOCK_H
#define ONEPATH_SPINLOCK_H
/*
 * A lock for what init entries running on several CPUs at once share (the
 * page allocator, the page tables).  Held for a few hundred instructions,
 * so a waiter spins; the log has a lock of its own that knows its holder.
 *
 *	static struct spinlock lock;
 *	spin_lock(&lock); ... spin_unlock(&lock);
 */
#include <stdint.h>

#include "smp.h"

struct spinlock {
	uint32_t held;
};

static inline void spin_lock(struct spinlock *lock)
{
	while (__atomic_exchange_n(&lock->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->held, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->held, 0, __ATOMIC_RELEASE);
}

#endif
