/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_VIRTQUEUE_H
#define ONEPATH_VIRTQUEUE_H
/*
 * One split virtqueue (virtio 1.x, section 2.7) that only sends: the
 * driver's half of a virtio console's transmit queue.  Host-compilable:
 * the unit tests play the device.
 *
 * The memory the device reads and writes (struct virtq_area) has the
 * legacy layout, which a modern device accepts too: the descriptor table
 * and the available ring in the first page, the used ring at the next
 * VIRTQ_ALIGN boundary.  Descriptor i always points at buffers[i]; a
 * write copies text into free buffers, makes them available and notifies
 * the device once, so a log line costs one notification (one VM exit)
 * whatever its length.  Buffers come back through the used ring, in any
 * order the device likes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_SIZE 16
_Static_assert(VIRTQ_SIZE <= 32, "struct virtq's free_mask has a bit a buffer");
#define VIRTQ_BUFFER_SIZE 512
#define VIRTQ_ALIGN 4096
/* The device need not interrupt: the driver looks at the used ring. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[VIRTQ_SIZE];
	uint16_t used_event;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[VIRTQ_SIZE];
	uint16_t avail_event;
};

/* Its first byte must sit on a VIRTQ_ALIGN boundary (a legacy device is
 * given its page number): align the object that holds it. */
struct virtq_area {
	struct virtq_desc desc[VIRTQ_SIZE];
	struct virtq_avail avail;
	uint8_t unused[VIRTQ_ALIGN - sizeof(struct virtq_desc) * VIRTQ_SIZE -
		       sizeof(struct virtq_avail)];
	struct virtq_used used;
};

_Static_assert(offsetof(struct virtq_area, used) == VIRTQ_ALIGN,
	       "the used ring starts one VIRTQ_ALIGN after the descriptors");

/* The driver's own state, which the device never sees. */
struct virtq {
	struct virtq_area *area;
	char (*buffers)[VIRTQ_BUFFER_SIZE];
	uint16_t free[VIRTQ_SIZE];
	uint16_t free_count;
	/* bit i set: buffer i is in free[] (a returned id is checked in one
	 * test, not a walk of free[], on every line logged) */
	uint32_t free_mask;
	uint16_t used_seen; /* used.idx as of the last reclaim */
};

enum virtq_status {
	VIRTQ_OK = 0,
	/* the used ring returned more buffers than were out, or one that
	 * was not out */
	VIRTQ_CORRUPT,
	/* the device took nothing for as long as wait() would wait */
	VIRTQ_STALLED,
};

/* "E_VIRTQ_CORRUPT"... */
const char *virtq_status_name(enum virtq_status status);

/* area zeroed by the caller; every buffer starts free. */
void virtq_init(struct virtq *queue, struct virtq_area *area,
		char (*buffers)[VIRTQ_BUFFER_SIZE]);

/* Takes back the buffers the device has used. */
enum virtq_status virtq_reclaim(struct virtq *queue);

/*
 * notify() tells the device that buffers are available; wait(round) lets
 * it run while every buffer is out, round counting from 1 since it last
 * returned one, and returns false once that has lasted too long.
 */
typedef void virtq_notify(void);
typedef bool virtq_wait(unsigned int round);

/* Sends text in as many buffers as it takes, with one notification per
 * batch of buffers made available. */
enum virtq_status virtq_write(struct virtq *queue, const char *text,
			      size_t length, virtq_notify *notify,
			      virtq_wait *wait);

/* Waits until the device has used every buffer. */
enum virtq_status virtq_drain(struct virtq *queue, virtq_wait *wait);

#endif
