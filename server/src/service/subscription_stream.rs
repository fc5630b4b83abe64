//! The outgoing side of one subscription: what it sends, when, and how it ends.
//!
//! - The first message is a heartbeat, sent at once: JavaScript SDKs finish `subscribe()` on the
//!   first message, and the Python SDK refuses a subscription whose first message is anything
//!   else. Replayed messages and discontinuities follow it.
//! - After that, a heartbeat whenever the stream has sent nothing for the heartbeat interval.
//! - It ends with NOT_FOUND when its cache is deleted, with UNAVAILABLE when its connection
//!   goes away (a GOAWAY fault or a graceful server shutdown), with UNAUTHENTICATED when the
//!   token it was opened with expires, and as the stream faults say.
//!
//! Everything it owns is dropped with it, including the subscription's place in the counts,
//! however the stream ends.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use edgecache_proto::cache_client::pubsub::{
    Discontinuity as WireDiscontinuity, Heartbeat, SubscriptionItem, TopicItem, TopicValue,
    subscription_item, topic_value,
};
use futures_util::Stream;
use tonic::Status;

use crate::conn::ConnState;
use crate::faults::{DropKind, FaultController};
use crate::topics::{Delivery, Payload, Subscription, TopicCounters};

/// The stream tonic sends for one Subscribe call.
pub(crate) type SubscribeStream =
    Pin<Box<dyn Stream<Item = Result<SubscriptionItem, Status>> + Send>>;

/// Starts sending `subscription`.
pub(crate) fn open(
    subscription: Subscription,
    heartbeat_interval: Duration,
    faults: FaultController,
    conn: Option<Arc<ConnState>>,
    counters: Arc<TopicCounters>,
    credential_expiry: Option<Duration>,
) -> SubscribeStream {
    let outgoing = Outgoing {
        credential_expiry: credential_expiry.map(|after| tokio::time::Instant::now() + after),
        subscription,
        heartbeat_interval,
        faults,
        conn,
        counters,
        items_sent: 0,
        started: false,
        done: false,
    };
    Box::pin(futures_util::stream::unfold(
        outgoing,
        |mut outgoing| async move {
            let next = outgoing.next().await?;
            Some((next, outgoing))
        },
    ))
}

struct Outgoing {
    subscription: Subscription,
    heartbeat_interval: Duration,
    faults: FaultController,
    conn: Option<Arc<ConnState>>,
    counters: Arc<TopicCounters>,
    /// When the credential that opened the stream stops working: the stream ends then.
    credential_expiry: Option<tokio::time::Instant>,
    /// Topic items sent so far (heartbeats and discontinuities not included).
    items_sent: u64,
    started: bool,
    done: bool,
}

/// What the stream is about to send.
enum Next {
    Delivery(Delivery),
    Heartbeat,
}

impl Outgoing {
    async fn next(&mut self) -> Option<Result<SubscriptionItem, Status>> {
        if self.done {
            return None;
        }
        let faults = self.faults.stream_faults();
        if faults.end_after_items.is_some_and(|n| self.items_sent >= n) {
            self.done = true;
            return None;
        }
        if !self.started {
            self.started = true;
            return Some(Ok(self.send(Next::Heartbeat)));
        }
        let next = match self.wait_for_next().await {
            Ok(next) => next,
            Err(status) => return Some(Err(self.end(status))),
        };
        let faults = self.faults.stream_faults();
        if let (Some(n), Some(conn)) = (faults.drop_connection_after_items, &self.conn)
            && self.items_sent >= n
        {
            // What would have been sent stays in the topic's history for the resume.
            match faults.drop_kind {
                DropKind::Reset => {
                    conn.kill();
                    // The connection task drops this stream together with the socket.
                    return std::future::pending().await;
                }
                DropKind::Goaway => {
                    conn.go_away();
                    return Some(Err(self.end(going_away())));
                }
            }
        }
        Some(Ok(self.send(next)))
    }

    /// Waits for a delivery, or a heartbeat's due time, or the connection going away.
    async fn wait_for_next(&mut self) -> Result<Next, Status> {
        let conn = self.conn.clone();
        let connection_going_away = async move {
            match conn {
                Some(conn) => conn.going_away().await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(connection_going_away);
        let idle = tokio::time::sleep(self.heartbeat_interval);
        tokio::pin!(idle);
        let expiry = self.credential_expiry;
        let credential_expired = async move {
            match expiry {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(credential_expired);
        loop {
            tokio::select! {
                biased;
                _ = &mut connection_going_away => return Err(going_away()),
                _ = &mut credential_expired => {
                    return Err(Status::unauthenticated(crate::auth::Rejection::Expired.describe()));
                }
                delivery = self.subscription.next() => {
                    return delivery.map(Next::Delivery).map_err(Status::from);
                }
                _ = &mut idle => {
                    if !self.faults.stream_faults().stop_heartbeats {
                        return Ok(Next::Heartbeat);
                    }
                    // `sleep` caps an interval too long for the clock instead of overflowing.
                    idle.set(tokio::time::sleep(self.heartbeat_interval));
                }
            }
        }
    }

    fn end(&mut self, status: Status) -> Status {
        self.done = true;
        status
    }

    /// The wire message for `next`, counted.
    fn send(&mut self, next: Next) -> SubscriptionItem {
        let counters = &self.counters;
        let kind = match next {
            Next::Heartbeat => {
                TopicCounters::add(&counters.heartbeats, 1);
                subscription_item::Kind::Heartbeat(Heartbeat {})
            }
            Next::Delivery(Delivery::Discontinuity(gap)) => {
                TopicCounters::add(&counters.discontinuities, 1);
                subscription_item::Kind::Discontinuity(WireDiscontinuity {
                    last_topic_sequence: gap.last_sequence,
                    new_topic_sequence: gap.new_sequence,
                    new_sequence_page: gap.page,
                })
            }
            Next::Delivery(Delivery::Message(message)) => {
                TopicCounters::add(&counters.delivered, 1);
                self.items_sent += 1;
                let value = match &message.payload {
                    Payload::Text(text) => topic_value::Kind::Text(text.clone()),
                    Payload::Binary(bytes) => topic_value::Kind::Binary(bytes.to_vec()),
                };
                subscription_item::Kind::Item(TopicItem {
                    topic_sequence_number: message.sequence,
                    value: Some(TopicValue { kind: Some(value) }),
                    publisher_id: message.publisher_id.clone(),
                    sequence_page: message.page,
                })
            }
        };
        SubscriptionItem { kind: Some(kind) }
    }
}

fn going_away() -> Status {
    Status::unavailable("edgecache-server: the connection is going away")
}
