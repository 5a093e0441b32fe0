// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side: NAPI takes the frames the wire (wire.c) queued on a
 * port's RX queue and runs each through the NIC's offloaded program (XDP or
 * tc, in the nfp-sim simulator, one microengine context per queue), then
 * driver-mode XDP on the host CPU, then hands it to the stack.
 *
 * From dequeue to delivery a frame is (data, len), Ethernet header
 * included: the skb's own bytes until a program runs, then the program's
 * output in the NIC's packet buffer or the XDP page. Every verdict ends in
 * nfpsim_rx_verdict(), which builds an skb from a program's output (the way
 * a NIC DMAs a buffer to the host) and parses the Ethernet header once, at
 * delivery.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/filter.h>
#include <net/pkt_cls.h>
#include <net/xdp.h>
#include <trace/events/xdp.h>

#include "nfpsim.h"

/**
 * struct nfpsim_frame - a received frame on its way to the stack
 * @data: its first byte, the Ethernet header
 * @len: its length from there
 * @meta_len: XDP metadata right before @data
 * @mark: skb->mark a tc program on the NIC set
 * @priority: skb->priority a tc program on the NIC set
 * @out: @data is a program's output, no longer the skb's own bytes
 */
struct nfpsim_frame {
	u8 *data;
	u32 len;
	u32 meta_len;
	u32 mark;
	u32 priority;
	bool out;
};

/* NAPI is the only writer of a queue's counters. */
static void nfpsim_rxs_add(struct nfpsim_rq *rq, enum nfpsim_rxs i, u64 v)
{
	u64_stats_update_begin(&rq->syncp);
	rq->stats[i] += v;
	u64_stats_update_end(&rq->syncp);
}

/**
 * nfpsim_rx_stats_read() - a consistent copy of one queue's counters
 * @rq: the queue
 * @vals: out: NFPSIM_RXS_MAX counters, by enum nfpsim_rxs
 */
void nfpsim_rx_stats_read(struct nfpsim_rq *rq, u64 *vals)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&rq->syncp);
		for (i = 0; i < NFPSIM_RXS_MAX; i++)
			vals[i] = rq->stats[i];
	} while (u64_stats_fetch_retry(&rq->syncp, start));
}

/* The only place a received frame's Ethernet header is parsed. */
static void nfpsim_rx_deliver(struct nfpsim_rq *rq, struct sk_buff *skb, u32 len)
{
	skb_record_rx_queue(skb, rq - rq->port->rqs);
	skb->protocol = eth_type_trans(skb, rq->port->netdev);
	nfpsim_rxs_add(rq, NFPSIM_RXS_PACKETS, 1);
	nfpsim_rxs_add(rq, NFPSIM_RXS_BYTES, len);
	napi_gro_receive(&rq->napi, skb);
}

/*
 * A program's output in a new skb, the way a NIC DMAs a buffer to the host.
 * XDP metadata lands right before the frame.
 */
static struct sk_buff *nfpsim_rx_build(struct nfpsim_rq *rq, const struct nfpsim_frame *f)
{
	struct sk_buff *skb = napi_alloc_skb(&rq->napi, f->len);

	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, f->data, f->len);
	if (f->meta_len && f->meta_len <= skb_headroom(skb)) {
		memcpy(skb->data - f->meta_len, f->data - f->meta_len, f->meta_len);
		skb_metadata_set(skb, f->meta_len);
	}
	skb->mark = f->mark;
	skb->priority = f->priority;
	skb->dev = rq->port->netdev;
	return skb;
}

/*
 * The one home of a verdict, whoever gave it (the NIC's XDP program, its tc
 * program mapped onto XDP's verdicts, driver-mode XDP, or no program: PASS).
 * Consumes @skb.
 */
static void nfpsim_rx_verdict(struct nfpsim_rq *rq, struct sk_buff *skb,
			      const struct nfpsim_frame *f, u32 act)
{
	struct sk_buff *nskb;

	if (act != XDP_PASS && act != XDP_TX) {
		kfree_skb(skb);
		return;
	}
	if (f->out) {
		nskb = nfpsim_rx_build(rq, f);
		consume_skb(skb);
		if (unlikely(!nskb)) {
			atomic64_inc(&rq->drops);
			return;
		}
		skb = nskb;
	}
	if (act == XDP_TX)
		nfpsim_wire_bounce(rq->port, skb);
	else
		nfpsim_rx_deliver(rq, skb, f->len);
}

/* A program's verdict: what it passed or transmitted is captured ("out"). */
static u32 nfpsim_rx_out(struct nfpsim_rq *rq, const struct nfpsim_frame *f, u32 act)
{
	if (act == XDP_PASS || act == XDP_TX)
		nfpsim_capture(rq->port, NFPSIM_CAP_OUT, f->data, f->len);
	return act;
}

static void nfpsim_prog_account(struct nfpsim_bpf_prog *state, const struct nfps_run *run)
{
	struct nfpsim_prog_stats *ps = this_cpu_ptr(state->stats);
	u32 rv = min_t(u64, run->retval, NFPSIM_RETVALS - 1);

	ps->runs++;
	ps->cycles += run->cycles;
	ps->max_cycles = max(ps->max_cycles, run->cycles);
	ps->faults += run->fault != NFPS_FAULT_NONE;
	ps->retvals[rv]++;
	ps->hist[min_t(u32, fls64(run->cycles), NFPSIM_HIST_BUCKETS - 1)]++;
}

/*
 * Map a tc direct-action return value to what the NIC does with the frame:
 * OK, UNSPEC and PIPE pass; STOLEN, QUEUED and TRAP consume; everything else
 * drops. RECLASSIFY drops because that is where software ends: the stack
 * would run the same filter on the same frame again, get RECLASSIFY again
 * and drop at tc's reclassify limit. REDIRECT and REPEAT have no target on
 * the NIC.
 */
static enum nfpsim_rxs nfpsim_tc_verdict(u64 retval)
{
	switch ((int)retval) {
	case TC_ACT_UNSPEC:
	case TC_ACT_OK:
	case TC_ACT_PIPE:
		return NFPSIM_RXS_TC_OK;
	case TC_ACT_STOLEN:
	case TC_ACT_QUEUED:
	case TC_ACT_TRAP:
		return NFPSIM_RXS_TC_STOLEN;
	default:
		return NFPSIM_RXS_TC_SHOT;
	}
}

/*
 * __sk_buff->protocol as eth_type_trans() will set it at delivery, read by
 * the NIC from the frame itself (ports use no DSA tagging).
 */
static __be16 nfpsim_rx_protocol(const struct nfpsim_frame *f)
{
	const struct ethhdr *eth = (const struct ethhdr *)f->data;

	if (likely(eth_proto_is_802_3(eth->h_proto)))
		return eth->h_proto;
	/* Novell's raw 802.3 IPX, which eth_type_trans() spots by this SAP */
	if (f->len >= ETH_HLEN + 2 && f->data[ETH_HLEN] == 0xff && f->data[ETH_HLEN + 1] == 0xff)
		return htons(ETH_P_802_3);
	return htons(ETH_P_802_2);
}

/* A tc program's verdict, counted, as the XDP verdict that does the same. */
static u32 nfpsim_rx_nic_tc(struct nfpsim_rq *rq, const struct nfps_run *run, u32 in_len,
			    struct nfpsim_frame *f)
{
	enum nfpsim_rxs v = run->fault ? NFPSIM_RXS_TC_SHOT : nfpsim_tc_verdict(run->retval);

	nfpsim_rxs_add(rq, v, 1);
	nfpsim_rxs_add(rq, NFPSIM_RXS_TC_BYTES, in_len);
	f->meta_len = 0;	/* metadata is XDP's */
	f->mark = run->mark;
	f->priority = run->priority;
	return v == NFPSIM_RXS_TC_OK ? XDP_PASS : XDP_DROP;
}

/* An XDP program's verdict, counted; faults and unknown verdicts abort. */
static u32 nfpsim_rx_nic_xdp(struct nfpsim_rq *rq, struct bpf_prog *prog,
			     const struct nfps_run *run)
{
	u32 act = run->fault || run->retval > XDP_TX ? XDP_ABORTED : run->retval;

	if (act == XDP_ABORTED)
		trace_xdp_exception(rq->port->netdev, prog, act);
	nfpsim_rxs_add(rq, NFPSIM_RXS_XDP_ABORTED + act, 1);
	return act;
}

/*
 * Run the offloaded program on the NIC. Return: the verdict; @f is then
 * what the program left in the NIC's packet buffer.
 */
static u32 nfpsim_rx_nic(struct nfpsim_rq *rq, struct sk_buff *skb, struct bpf_prog *prog,
			 struct nfpsim_frame *f)
{
	struct nfpsim_bpf_prog *state = nfpsim_bpf_nic_prog(prog);
	struct nfpsim_port *port = rq->port;
	struct nfps_run run = {
		.ingress_ifindex = port->netdev->ifindex,
		.rx_queue_index = rq - port->rqs,
		.ifindex = port->netdev->ifindex,
		.queue_mapping = rq - port->rqs,
		.hash = skb->hash,
		.protocol = (__force u32)nfpsim_rx_protocol(f),
	};
	u32 in_len = f->len, act;

	if (unlikely(!state))
		return XDP_PASS;	/* not (or no longer) ours to run: the stack's */

	if (nfps_cpu_load_pkt(rq->nic, f->data, f->len) ||
	    nfps_run(state->nprog, rq->nic, &run, nfpsim_bpf_profile(state, smp_processor_id()),
		     port->ndev->cycle_budget)) {
		run.fault = NFPS_FAULT_ILLEGAL;	/* frame the NIC cannot hold */
		run.retval = XDP_ABORTED;
	}
	nfpsim_prog_account(state, &run);
	nfpsim_rxs_add(rq, NFPSIM_RXS_NIC_RUNS, 1);
	nfpsim_rxs_add(rq, NFPSIM_RXS_NIC_CYCLES, run.cycles);
	if (run.fault)
		nfpsim_rxs_add(rq, NFPSIM_RXS_NIC_FAULTS, 1);

	f->data = nfps_cpu_pkt(rq->nic, &f->len, &f->meta_len);
	f->out = true;
	if (prog->type == BPF_PROG_TYPE_SCHED_CLS)
		act = nfpsim_rx_nic_tc(rq, &run, in_len, f);
	else
		act = nfpsim_rx_nic_xdp(rq, prog, &run);
	return nfpsim_rx_out(rq, f, act);
}

/*
 * Driver-mode XDP on the host CPU, over a copy of the frame in a page.
 * Return: the verdict; @f is then the program's output in that page (what
 * a tc program on the NIC set does not survive it).
 */
static u32 nfpsim_rx_drv(struct nfpsim_rq *rq, struct bpf_prog *prog, struct nfpsim_frame *f)
{
	struct xdp_buff xdp;
	u8 *hard_start;
	u32 act;

	if (unlikely(f->len > PAGE_SIZE - XDP_PACKET_HEADROOM -
		     SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))) {
		nfpsim_rxs_add(rq, NFPSIM_RXS_DRV_ABORTED, 1);
		return XDP_ABORTED;
	}
	hard_start = page_address(rq->xdp_page);
	/*
	 * The page is the queue's, reused frame after frame: a zeroed headroom,
	 * as BPF_PROG_TEST_RUN and the NIC give, so nothing of the previous
	 * frame shows to a program that grows its head without writing it.
	 */
	memset(hard_start, 0, XDP_PACKET_HEADROOM);
	memcpy(hard_start + XDP_PACKET_HEADROOM, f->data, f->len);
	xdp_init_buff(&xdp, PAGE_SIZE, &rq->xdp_rxq);
	xdp_prepare_buff(&xdp, hard_start, XDP_PACKET_HEADROOM, f->len, true);

	act = bpf_prog_run_xdp(prog, &xdp);
	if (act > XDP_TX) {
		if (act != XDP_REDIRECT)
			bpf_warn_invalid_xdp_action(rq->port->netdev, prog, act);
		act = XDP_ABORTED;	/* no redirect target on this NIC */
	}
	if (act == XDP_ABORTED)
		trace_xdp_exception(rq->port->netdev, prog, act);
	nfpsim_rxs_add(rq, NFPSIM_RXS_DRV_ABORTED + act, 1);
	*f = (struct nfpsim_frame){
		.data = xdp.data,
		.len = xdp.data_end - xdp.data,
		.meta_len = xdp.data - xdp.data_meta,
		.out = true,
	};
	return nfpsim_rx_out(rq, f, act);
}

/* One frame from the wire: the NIC's program, driver-mode XDP, the stack. */
static void nfpsim_rx_frame(struct nfpsim_rq *rq, struct sk_buff *skb)
{
	struct nfpsim_frame f = { .data = skb->data, .len = skb->len };
	struct nfpsim_port *port = rq->port;
	struct bpf_prog *prog;
	u32 act = XDP_PASS;

	rcu_read_lock();
	nfpsim_capture(port, NFPSIM_CAP_RX, f.data, f.len);
	prog = rcu_dereference(port->dp_hw);
	if (prog)
		act = nfpsim_rx_nic(rq, skb, prog, &f);
	prog = rcu_dereference(port->dp_drv);
	if (prog && act == XDP_PASS)
		act = nfpsim_rx_drv(rq, prog, &f);
	rcu_read_unlock();
	nfpsim_rx_verdict(rq, skb, &f, act);
}

static int nfpsim_poll(struct napi_struct *napi, int budget)
{
	struct nfpsim_rq *rq = container_of(napi, struct nfpsim_rq, napi);
	int done = 0;

	while (done < budget) {
		struct sk_buff *skb = skb_dequeue(&rq->skbs);

		if (!skb)
			break;
		nfpsim_rx_frame(rq, skb);
		done++;
	}

	/* A sender may have queued after our last dequeue but before we
	 * complete, while its napi_schedule() still saw us scheduled.
	 */
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty_lockless(&rq->skbs))
		napi_schedule(napi);
	return done;
}

/* Environment of the microengine: CSRs and host-neutral helpers. */
static u64 nfpsim_nic_ktime(void *priv)
{
	return ktime_get_ns();
}

static u32 nfpsim_nic_prandom(void *priv)
{
	return get_random_u32();
}

static u32 nfpsim_nic_cpu(void *priv)
{
	struct nfpsim_rq *rq = priv;

	return rq - rq->port->rqs;	/* the microengine: one per queue */
}

static unsigned long nfpsim_nic_copy(void *dst, const void *src, unsigned long off,
				     unsigned long len)
{
	memcpy(dst, src + off, len);
	return 0;
}

/* perf_event_output from the NIC: delivered by the host, as on NFP. */
static int nfpsim_nic_perf(void *priv, const struct nfps_map_ref *ref, u64 flags,
			   const void *data, u32 size, const void *pkt, u32 pkt_len)
{
	u64 ctx_len = (flags & BPF_F_CTXLEN_MASK) >> 32;

	if (!ref->host || ref->def.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EINVAL;
	if (ctx_len > pkt_len)
		return -EFAULT;
	return bpf_event_output(ref->host, flags & ~BPF_F_CTXLEN_MASK, (void *)data, size,
				(void *)pkt, ctx_len, nfpsim_nic_copy);
}

static const struct nfps_env_ops nfpsim_nic_env = {
	.ktime_ns	= nfpsim_nic_ktime,
	.prandom_u32	= nfpsim_nic_prandom,
	.cpu_id		= nfpsim_nic_cpu,
	.perf_output	= nfpsim_nic_perf,
};

/* Set up one RX queue; on failure it leaves nothing behind. */
static int nfpsim_rq_init(struct nfpsim_port *port, unsigned int index)
{
	struct nfpsim_rq *rq = &port->rqs[index];
	int err = -ENOMEM;

	rq->port = port;
	skb_queue_head_init(&rq->skbs);
	u64_stats_init(&rq->syncp);
	rq->nic = nfps_cpu_create(&nfpsim_nic_env, rq);
	if (!rq->nic)
		return err;
	rq->xdp_page = alloc_page(GFP_KERNEL);
	if (!rq->xdp_page)
		goto err_destroy_nic;
	err = xdp_rxq_info_reg(&rq->xdp_rxq, port->netdev, index, 0);
	if (err)
		goto err_free_page;
	netif_napi_add(port->netdev, &rq->napi, nfpsim_poll);
	return 0;

err_free_page:
	__free_page(rq->xdp_page);
err_destroy_nic:
	nfps_cpu_destroy(rq->nic);
	return err;
}

/* Undo nfpsim_rq_init(). */
static void nfpsim_rq_fini(struct nfpsim_rq *rq)
{
	netif_napi_del(&rq->napi);
	skb_queue_purge(&rq->skbs);
	xdp_rxq_info_unreg(&rq->xdp_rxq);
	__free_page(rq->xdp_page);
	nfps_cpu_destroy(rq->nic);
}

/**
 * nfpsim_rx_init() - allocate and set up every RX queue and the TX counters
 * @port: the port, its netdev allocated but not registered
 *
 * Return: 0, or a negative errno with nothing left to undo.
 */
int nfpsim_rx_init(struct nfpsim_port *port)
{
	struct net_device *netdev = port->netdev;
	unsigned int i;
	int err = -ENOMEM;

	port->rqs = kcalloc(netdev->num_rx_queues, sizeof(*port->rqs), GFP_KERNEL);
	if (!port->rqs)
		return err;
	port->tx_stats = kcalloc(netdev->num_tx_queues, sizeof(*port->tx_stats), GFP_KERNEL);
	if (!port->tx_stats)
		goto err_free_rqs;
	for (i = 0; i < netdev->num_tx_queues; i++)
		u64_stats_init(&port->tx_stats[i].syncp);
	for (i = 0; i < netdev->num_rx_queues; i++) {
		err = nfpsim_rq_init(port, i);
		if (err)
			goto err_fini_rqs;
	}
	return 0;

err_fini_rqs:
	/* Only the queues set up so far: the rest have no lock to purge under. */
	while (i--)
		nfpsim_rq_fini(&port->rqs[i]);
	kfree(port->tx_stats);
err_free_rqs:
	kfree(port->rqs);
	return err;
}

/**
 * nfpsim_rx_fini() - undo nfpsim_rx_init()
 * @port: the port, unregistered: nobody can queue to it any more
 */
void nfpsim_rx_fini(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++)
		nfpsim_rq_fini(&port->rqs[i]);
	kfree(port->rqs);
	kfree(port->tx_stats);
}

/**
 * nfpsim_rx_open() - start receiving (ndo_open)
 * @port: the port
 */
void nfpsim_rx_open(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++)
		napi_enable(&port->rqs[i].napi);
}

/**
 * nfpsim_rx_stop() - stop receiving and drop what waits (ndo_stop)
 * @port: the port
 */
void nfpsim_rx_stop(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++) {
		napi_disable(&port->rqs[i].napi);
		skb_queue_purge(&port->rqs[i].skbs);
	}
}
