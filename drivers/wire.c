// SPDX-License-Identifier: GPL-2.0
/*
 * The wire between two linked ports: a frame transmitted on a port (by the
 * stack, or bounced back by an XDP_TX verdict) is queued on one RX queue of
 * its peer, chosen by flow hash, where NAPI receives it (rx.c).
 *
 * Frames from the stack may be shared (pktgen holds extra references for
 * bursts) or cloned (taps): those are copied, never modified in place. On
 * Debian's 6.1, expanding a shared skb panics in pskb_expand_head.
 */

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

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

/* Queue a frame, its Ethernet header at skb->data, on a receive queue of @peer. */
static void nfpsim_wire_enqueue(struct nfpsim_port *peer, struct sk_buff *skb)
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
	/* ...and it is the peer's now: the sender may go away while it waits. */
	skb->dev = pdev;

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
 *
 * Return: NETDEV_TX_OK: the frame is always consumed.
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
		nfpsim_wire_enqueue(peer, skb);
	rcu_read_unlock();

	if (skb)
		nfpsim_stats_add(ts, 1, len, 0);
	else
		nfpsim_stats_add(ts, 0, 0, 1);
	return NETDEV_TX_OK;
}

/**
 * nfpsim_wire_bounce() - XDP_TX: back out of the port a frame came in on
 * @port: that port
 * @skb: the frame as the program left it (ours, linear), consumed
 *
 * Not counted as transmitted: the NIC sent it, not the stack.
 */
void nfpsim_wire_bounce(struct nfpsim_port *port, struct sk_buff *skb)
{
	struct nfpsim_port *peer;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (peer)
		nfpsim_wire_enqueue(peer, skb);
	else
		kfree_skb(skb);
	rcu_read_unlock();
}
