// SPDX-License-Identifier: GPL-2.0
/*
 * The wire and the receive side: a frame transmitted on a port is queued on
 * one RX queue of its peer (chosen by flow hash) and received there by NAPI,
 * which runs it through the NIC's offloaded program (XDP or tc, in the
 * nfp-sim simulator, one microengine context per queue), then driver-mode
 * XDP on the host CPU, then hands it to the stack.
 *
 * Frames from the stack may be shared (pktgen holds extra references for
 * bursts) or cloned (taps): those are copied, never modified in place. On
 * Debian's 6.1, expanding a shared skb panics in pskb_expand_head.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/filter.h>
#include <net/pkt_cls.h>
#include <net/xdp.h>
#include <trace/events/xdp.h>

#include "nfpsim.h"

/* Make @skb ours to modify and queue: private, linear. NULL if out of memory. */
static struct sk_buff *nfpsim_skb_own(struct sk_buff *skb)
{
	struct sk_buff *nskb;

	if (skb_shared(skb) || skb_cloned(skb)) {
		nskb = skb_copy(skb, GFP_ATOMIC);
		consume_skb(skb);
		return nskb;
	}
	if (skb_linearize(skb)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

static void nfpsim_rx_enqueue(struct nfpsim_port *port, struct nfpsim_port *peer,
			      struct sk_buff *skb)
{
	struct net_device *pdev = peer->netdev;
	struct nfpsim_rq *rq;
	unsigned long flags;
	bool queued = false;
	u32 q;

	q = reciprocal_scale(skb_get_hash(skb), pdev->real_num_rx_queues);
	rq = &peer->rqs[q];

	if (unlikely(!netif_running(pdev) ||
		     skb->len > pdev->mtu + VLAN_ETH_HLEN)) {
		atomic64_inc(&rq->drops);
		kfree_skb(skb);
		return;
	}
	/* Nothing but the frame crosses a wire: no mark, priority, dst... */
	skb_scrub_packet(skb, true);
	skb->priority = 0;

	spin_lock_irqsave(&rq->skbs.lock, flags);
	if (skb_queue_len(&rq->skbs) < NFPSIM_RQ_LEN) {
		__skb_queue_tail(&rq->skbs, skb);
		queued = true;
	}
	spin_unlock_irqrestore(&rq->skbs.lock, flags);

	if (!queued) {
		atomic64_inc(&rq->drops);
		kfree_skb(skb);
		return;
	}
	napi_schedule(&rq->napi);
}

/**
 * nfpsim_start_xmit() - put a frame on the wire
 * @skb: the frame
 * @netdev: the transmitting port
 *
 * Counted as transmitted when the port is linked (whatever the peer does
 * with it, as on a real wire), as a TX drop when it is not.
 */
netdev_tx_t nfpsim_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct nfpsim_port *port = netdev_priv(netdev), *peer;
	struct nfpsim_queue_stats *ts = &port->tx_stats[skb_get_queue_mapping(skb)];
	unsigned int len = skb->len;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (unlikely(!peer)) {
		rcu_read_unlock();
		nfpsim_stats_add(ts, 0, 0, 1);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb = nfpsim_skb_own(skb);
	if (likely(skb))
		nfpsim_rx_enqueue(port, peer, skb);
	rcu_read_unlock();

	if (skb)
		nfpsim_stats_add(ts, 1, len, 0);
	else
		nfpsim_stats_add(ts, 0, 0, 1);
	return NETDEV_TX_OK;
}

/* NAPI is the only writer of a queue's counters. */
static void nfpsim_rxs_add(struct nfpsim_rq *rq, enum nfpsim_rxs i, u64 v)
{
	u64_stats_update_begin(&rq->syncp);
	rq->stats[i] += v;
	u64_stats_update_end(&rq->syncp);
}

/* @vals: NFPSIM_RXS_MAX counters */
void nfpsim_rx_stats_read(struct nfpsim_rq *rq, u64 *vals)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&rq->syncp);
		for (i = 0; i < NFPSIM_RXS_MAX; i++)
			vals[i] = rq->stats[i];
	} while (u64_stats_fetch_retry(&rq->syncp, start));
}

/* Hand a frame to the stack. */
static void nfpsim_rx_deliver(struct nfpsim_rq *rq, struct sk_buff *skb)
{
	struct net_device *netdev = rq->port->netdev;

	skb_record_rx_queue(skb, rq - rq->port->rqs);
	skb->protocol = eth_type_trans(skb, netdev);
	nfpsim_rxs_add(rq, NFPSIM_RXS_PACKETS, 1);
	nfpsim_rxs_add(rq, NFPSIM_RXS_BYTES, skb->len + ETH_HLEN);
	napi_gro_receive(&rq->napi, skb);
}

/*
 * The frame as the program left it, in a new skb, the way a NIC DMAs a
 * buffer to the host. XDP metadata lands right before the frame.
 */
static struct sk_buff *nfpsim_rx_build(struct nfpsim_rq *rq, const u8 *data, u32 len,
				       u32 meta_len)
{
	struct sk_buff *skb = napi_alloc_skb(&rq->napi, len);

	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, data, len);
	if (meta_len && meta_len <= skb_headroom(skb)) {
		memcpy(skb->data - meta_len, data - meta_len, meta_len);
		skb_metadata_set(skb, meta_len);
	}
	skb->dev = rq->port->netdev;
	return skb;
}

/* XDP_TX: back out of the port the frame came in on, to the peer. */
static void nfpsim_rx_bounce(struct nfpsim_rq *rq, struct sk_buff *skb)
{
	struct nfpsim_port *port = rq->port, *peer;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (peer)
		nfpsim_rx_enqueue(port, peer, skb);
	else
		kfree_skb(skb);
	rcu_read_unlock();
}

static void nfpsim_rx_verdict(struct nfpsim_rq *rq, struct sk_buff *skb,
			      const u8 *data, u32 len, u32 meta_len, u32 act,
			      enum nfpsim_rxs base)
{
	struct sk_buff *nskb;

	switch (act) {
	case XDP_PASS:
	case XDP_TX:
		nfpsim_capture(rq->port, NFPSIM_CAP_OUT, data, len);
		nskb = nfpsim_rx_build(rq, data, len, meta_len);
		consume_skb(skb);
		if (unlikely(!nskb)) {
			atomic64_inc(&rq->drops);
			break;
		}
		if (act == XDP_PASS)
			nfpsim_rx_deliver(rq, nskb);
		else
			nfpsim_rx_bounce(rq, nskb);
		break;
	default:
		kfree_skb(skb);
		break;
	}
	nfpsim_rxs_add(rq, base + act, 1);
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
 * Run the offloaded program on the NIC. Return: the skb to continue with
 * (driver XDP, then the stack), or NULL when the NIC consumed the frame.
 */
static struct sk_buff *nfpsim_rx_nic(struct nfpsim_rq *rq, struct sk_buff *skb,
				     struct bpf_prog *prog)
{
	struct nfpsim_bpf_prog *state = nfpsim_bpf_nic_prog(prog);
	struct nfpsim_port *port = rq->port;
	bool tc = prog->type == BPF_PROG_TYPE_SCHED_CLS;
	struct nfps_run run = {
		.ingress_ifindex = port->netdev->ifindex,
		.rx_queue_index = rq - port->rqs,
		.ifindex = port->netdev->ifindex,
		.queue_mapping = rq - port->rqs,
		.hash = skb->hash,
		.protocol = (__force u32)skb->protocol,
	};
	u32 len, meta_len, act;
	enum nfpsim_rxs v;
	u8 *data;

	if (unlikely(!state))
		return skb;	/* unbound tc filter: the stack runs it */

	if (nfps_cpu_load_pkt(rq->nic, skb_mac_header(skb), skb->len + ETH_HLEN) ||
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
	data = nfps_cpu_pkt(rq->nic, &len, &meta_len);

	if (tc) {
		v = run.fault ? NFPSIM_RXS_TC_SHOT : nfpsim_tc_verdict(run.retval);
		nfpsim_rxs_add(rq, v, 1);
		nfpsim_rxs_add(rq, NFPSIM_RXS_TC_BYTES, skb->len + ETH_HLEN);
		if (v != NFPSIM_RXS_TC_OK) {
			kfree_skb(skb);
			return NULL;
		}
		consume_skb(skb);
		nfpsim_capture(port, NFPSIM_CAP_OUT, data, len);
		skb = nfpsim_rx_build(rq, data, len, 0);
		if (skb) {
			skb->mark = run.mark;
			skb->priority = run.priority;
			skb->protocol = eth_type_trans(skb, port->netdev);
		}
		return skb;
	}

	act = run.fault || run.retval > XDP_TX ? XDP_ABORTED : run.retval;
	if (act == XDP_ABORTED)
		trace_xdp_exception(port->netdev, prog, XDP_ABORTED);
	if (act != XDP_PASS) {
		nfpsim_rx_verdict(rq, skb, data, len, meta_len, act, NFPSIM_RXS_XDP_ABORTED);
		return NULL;
	}
	nfpsim_rxs_add(rq, NFPSIM_RXS_XDP_PASS, 1);
	consume_skb(skb);
	nfpsim_capture(port, NFPSIM_CAP_OUT, data, len);
	skb = nfpsim_rx_build(rq, data, len, meta_len);
	if (skb)
		skb->protocol = eth_type_trans(skb, port->netdev);
	return skb;
}

/* Driver-mode XDP on the host CPU, over a copy of the frame in a page. */
static void nfpsim_rx_drv(struct nfpsim_rq *rq, struct sk_buff *skb, struct bpf_prog *prog)
{
	u32 len = skb->len + ETH_HLEN, meta_len, act;
	struct xdp_buff xdp;
	u8 *hard_start;

	if (unlikely(len > PAGE_SIZE - XDP_PACKET_HEADROOM -
		     SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))) {
		nfpsim_rxs_add(rq, NFPSIM_RXS_DRV_ABORTED, 1);
		kfree_skb(skb);
		return;
	}
	hard_start = page_address(rq->xdp_page);
	memcpy(hard_start + XDP_PACKET_HEADROOM, skb_mac_header(skb), len);
	xdp_init_buff(&xdp, PAGE_SIZE, &rq->xdp_rxq);
	xdp_prepare_buff(&xdp, hard_start, XDP_PACKET_HEADROOM, len, true);

	act = bpf_prog_run_xdp(prog, &xdp);
	if (act > XDP_TX) {
		if (act != XDP_REDIRECT)
			bpf_warn_invalid_xdp_action(rq->port->netdev, prog, act);
		act = XDP_ABORTED;	/* no redirect target on this NIC */
	}
	if (act == XDP_ABORTED)
		trace_xdp_exception(rq->port->netdev, prog, act);
	meta_len = xdp.data - xdp.data_meta;
	nfpsim_rx_verdict(rq, skb, xdp.data, xdp.data_end - xdp.data, meta_len, act,
			  NFPSIM_RXS_DRV_ABORTED);
}

/* One frame from the wire: the NIC's program, driver-mode XDP, the stack. */
static void nfpsim_rx_frame(struct nfpsim_rq *rq, struct sk_buff *skb)
{
	struct nfpsim_port *port = rq->port;
	struct bpf_prog *prog;

	skb->dev = port->netdev;
	skb->protocol = eth_type_trans(skb, port->netdev);

	rcu_read_lock();
	nfpsim_capture(port, NFPSIM_CAP_RX, skb_mac_header(skb), skb->len + ETH_HLEN);
	prog = rcu_dereference(port->dp_hw);
	if (prog)
		skb = nfpsim_rx_nic(rq, skb, prog);
	if (skb) {
		prog = rcu_dereference(port->dp_drv);
		if (prog) {
			nfpsim_rx_drv(rq, skb, prog);
			skb = NULL;
		}
	}
	rcu_read_unlock();
	if (skb) {
		skb_push(skb, ETH_HLEN);	/* deliver re-parses the header */
		nfpsim_rx_deliver(rq, skb);
	}
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

/* After unregister: nobody can queue to us any more. */
void nfpsim_rx_fini(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++)
		nfpsim_rq_fini(&port->rqs[i]);
	kfree(port->rqs);
	kfree(port->tx_stats);
}

void nfpsim_rx_open(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++)
		napi_enable(&port->rqs[i].napi);
}

void nfpsim_rx_stop(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++) {
		napi_disable(&port->rqs[i].napi);
		skb_queue_purge(&port->rqs[i].skbs);
	}
}
