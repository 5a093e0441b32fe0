// SPDX-License-Identifier: GPL-2.0
/*
 * Packet capture from the NIC: the last N frames each port received from the
 * wire ("rx": before the NIC's program) and what the program made of them
 * ("out": after it, for PASS and TX), as pcap files in debugfs:
 *
 *   echo 256 > nfpsimN/ports/P/capture   keep the last 256 frames of each (0: off)
 *   tcpdump -r capture/nfpsimN-pP-rx.pcap
 *   tcpdump -r capture/nfpsimN-pP-out.pcap
 *
 * The pcap files live in nfpsim/capture/, outside the device's tree: tools
 * that read every file under nfpsimN/ as text (test_offload.py) must not
 * meet binary files there.
 *
 * Memory is bounded: at most NFPSIM_CAP_MAX frames of NFPSIM_CAP_SNAPLEN
 * bytes per ring. The datapath takes a ring's spinlock only while capturing.
 *
 * A pcap file is a snapshot taken at open, under the port's capture_lock
 * (the rings are swapped and freed under it): opening one, up to ~6 MiB,
 * holds up nobody but that port's capture knob. The files live as long as
 * the port: its teardown, and its creation's error path, remove them
 * before the port is freed (debugfs waits for an open in progress).
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "nfpsim.h"

#define NFPSIM_CAP_MAX		4096
#define NFPSIM_CAP_SNAPLEN	1536

struct nfpsim_cap_rec {
	u64 ts_ns;
	u32 len;
	u32 caplen;
	u8 data[NFPSIM_CAP_SNAPLEN];
};

/**
 * struct nfpsim_cap_ring - the last @size frames, oldest overwritten
 * @lock: taken by the datapath (softirq) and by readers
 * @size: slots
 * @next: slot the next frame goes to
 * @count: frames held, up to @size
 * @recs: the slots
 */
struct nfpsim_cap_ring {
	spinlock_t lock;
	u32 size;
	u32 next;
	u32 count;
	struct nfpsim_cap_rec recs[];
};

struct nfpsim_capture {
	struct rcu_head rcu;
	struct nfpsim_cap_ring *ring[NFPSIM_CAP_NR];
};

static void nfpsim_cap_free(struct nfpsim_capture *cap)
{
	int i;

	if (!cap)
		return;
	for (i = 0; i < NFPSIM_CAP_NR; i++)
		vfree(cap->ring[i]);
	kfree(cap);
}

static void nfpsim_cap_free_rcu(struct rcu_head *rcu)
{
	nfpsim_cap_free(container_of(rcu, struct nfpsim_capture, rcu));
}

static struct nfpsim_capture *nfpsim_cap_alloc(u32 size)
{
	struct nfpsim_capture *cap = kzalloc(sizeof(*cap), GFP_KERNEL);
	int i;

	if (!cap)
		return NULL;
	for (i = 0; i < NFPSIM_CAP_NR; i++) {
		cap->ring[i] = vzalloc(struct_size(cap->ring[i], recs, size));
		if (!cap->ring[i]) {
			nfpsim_cap_free(cap);
			return NULL;
		}
		spin_lock_init(&cap->ring[i]->lock);
		cap->ring[i]->size = size;
	}
	return cap;
}

/* Datapath: record one frame if capturing. Called under RCU, in softirq. */
void nfpsim_capture(struct nfpsim_port *port, enum nfpsim_cap_dir dir, const void *data, u32 len)
{
	struct nfpsim_capture *cap = rcu_dereference(port->capture);
	struct nfpsim_cap_ring *ring;
	struct nfpsim_cap_rec *rec;

	if (!cap)
		return;
	ring = cap->ring[dir];
	spin_lock(&ring->lock);
	rec = &ring->recs[ring->next];
	rec->ts_ns = ktime_get_real_ns();
	rec->len = len;
	rec->caplen = min_t(u32, len, NFPSIM_CAP_SNAPLEN);
	memcpy(rec->data, data, rec->caplen);
	ring->next = (ring->next + 1) % ring->size;
	if (ring->count < ring->size)
		ring->count++;
	spin_unlock(&ring->lock);
}

/* pcap (tcpdump) file format, microsecond timestamps, Ethernet. */
struct nfpsim_pcap_hdr {
	u32 magic, version, thiszone, sigfigs, snaplen, linktype;
} __packed;

struct nfpsim_pcap_rec {
	u32 ts_sec, ts_usec, caplen, len;
} __packed;

struct nfpsim_pcap_file {
	size_t len;
	u8 buf[];
};

/* Snapshot a ring as a pcap file, oldest frame first. NULL: out of memory. */
static struct nfpsim_pcap_file *nfpsim_cap_snapshot(struct nfpsim_port *port,
						   enum nfpsim_cap_dir dir)
{
	const struct nfpsim_pcap_hdr hdr = {
		.magic = 0xa1b2c3d4, .version = 2 | (4 << 16),
		.snaplen = NFPSIM_CAP_SNAPLEN, .linktype = 1,
	};
	struct nfpsim_cap_ring *ring;
	struct nfpsim_capture *cap;
	struct nfpsim_pcap_file *f;
	u32 i, slot, n = 0;
	u8 *p;

	mutex_lock(&port->capture_lock);
	cap = rcu_dereference_protected(port->capture, lockdep_is_held(&port->capture_lock));
	ring = cap ? cap->ring[dir] : NULL;
	if (ring)
		n = ring->size;
	f = vmalloc(sizeof(*f) + sizeof(hdr) +
		    (size_t)n * (sizeof(struct nfpsim_pcap_rec) + NFPSIM_CAP_SNAPLEN));
	if (!f) {
		mutex_unlock(&port->capture_lock);
		return NULL;
	}
	p = f->buf;
	memcpy(p, &hdr, sizeof(hdr));
	p += sizeof(hdr);
	if (ring) {
		spin_lock_bh(&ring->lock);
		for (i = 0; i < ring->count; i++) {
			struct nfpsim_cap_rec *rec;
			struct nfpsim_pcap_rec pr;
			u64 us;

			slot = (ring->next + ring->size - ring->count + i) % ring->size;
			rec = &ring->recs[slot];
			us = div_u64(rec->ts_ns, NSEC_PER_USEC);
			pr.ts_sec = div_u64_rem(us, USEC_PER_SEC, &pr.ts_usec);
			pr.caplen = rec->caplen;
			pr.len = rec->len;
			memcpy(p, &pr, sizeof(pr));
			memcpy(p + sizeof(pr), rec->data, rec->caplen);
			p += sizeof(pr) + rec->caplen;
		}
		spin_unlock_bh(&ring->lock);
	}
	mutex_unlock(&port->capture_lock);
	f->len = p - f->buf;
	return f;
}

/* i_private: the port's struct nfpsim_cap_src for the file's ring. */
static int nfpsim_cap_open(struct inode *inode, struct file *file)
{
	const struct nfpsim_cap_src *src = inode->i_private;
	struct nfpsim_pcap_file *f = nfpsim_cap_snapshot(src->port, src->dir);

	if (!f)
		return -ENOMEM;
	file->private_data = f;
	return 0;
}

static ssize_t nfpsim_cap_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct nfpsim_pcap_file *f = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, f->buf, f->len);
}

static int nfpsim_cap_release(struct inode *inode, struct file *file)
{
	vfree(file->private_data);
	return 0;
}

static const struct file_operations nfpsim_cap_fops = {
	.owner = THIS_MODULE,
	.open = nfpsim_cap_open,
	.read = nfpsim_cap_read,
	.release = nfpsim_cap_release,
	.llseek = default_llseek,
};

/* Replace the rings (empty, @size <= NFPSIM_CAP_MAX slots each) or stop capturing (0). */
static int nfpsim_cap_set(struct nfpsim_port *port, u32 size)
{
	struct nfpsim_capture *old, *cap = NULL;

	if (size) {
		cap = nfpsim_cap_alloc(size);
		if (!cap)
			return -ENOMEM;
	}
	mutex_lock(&port->capture_lock);
	old = rcu_dereference_protected(port->capture, lockdep_is_held(&port->capture_lock));
	rcu_assign_pointer(port->capture, cap);
	WRITE_ONCE(port->capture_size, size);
	mutex_unlock(&port->capture_lock);
	if (old)
		call_rcu(&old->rcu, nfpsim_cap_free_rcu);
	return 0;
}

static int nfpsim_cap_size_set(void *data, u64 val)
{
	return val > NFPSIM_CAP_MAX ? -EINVAL : nfpsim_cap_set(data, val);
}

static int nfpsim_cap_size_get(void *data, u64 *val)
{
	struct nfpsim_port *port = data;

	*val = READ_ONCE(port->capture_size);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nfpsim_cap_size_fops, nfpsim_cap_size_get, nfpsim_cap_size_set,
			 "%llu\n");

/**
 * nfpsim_capture_init() - a port's capture knob and pcap files, not capturing
 * @port: the port, its debugfs directory created
 *
 * Undone by nfpsim_capture_fini(), also on the port's creation error path:
 * the pcap files point at the port.
 */
void nfpsim_capture_init(struct nfpsim_port *port)
{
	static const char * const names[NFPSIM_CAP_NR] = {
		[NFPSIM_CAP_RX] = "rx",
		[NFPSIM_CAP_OUT] = "out",
	};
	struct nfpsim_cap_src *src;
	char name[48];
	int i;

	mutex_init(&port->capture_lock);
	debugfs_create_file_unsafe("capture", 0600, port->ddir, port, &nfpsim_cap_size_fops);
	for (i = 0; i < NFPSIM_CAP_NR; i++) {
		src = &port->cap_src[i];
		src->port = port;
		src->dir = i;
		snprintf(name, sizeof(name), "%s-p%u-%s.pcap", dev_name(&port->ndev->dev),
			 port->index, names[i]);
		src->dentry = debugfs_create_file(name, 0400, nfpsim_cap_ddir, src, &nfpsim_cap_fops);
	}
}

/**
 * nfpsim_capture_fini() - remove the pcap files, free the rings
 * @port: the port, its own debugfs files (the capture knob) gone and its
 *	  NAPI stopped
 */
void nfpsim_capture_fini(struct nfpsim_port *port)
{
	struct nfpsim_capture *cap;
	int i;

	/* Waits for an open in progress: nothing uses the lock afterwards. */
	for (i = 0; i < NFPSIM_CAP_NR; i++)
		debugfs_remove(port->cap_src[i].dentry);
	mutex_destroy(&port->capture_lock);

	cap = rcu_dereference_protected(port->capture, true);
	RCU_INIT_POINTER(port->capture, NULL);
	if (cap)
		call_rcu(&cap->rcu, nfpsim_cap_free_rcu);
}
