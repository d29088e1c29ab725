// Probe (written from scratch) for a missed bug in Pumpkin-MC/Pumpkin.
// Fix commit: f36baa6f "fix: deadlock on PlayerInteractEvent" (parent f34c3cf1).
//
// What goes wrong: the use-item handler builds an interact event that carries the hand's item
// (`Arc<tokio::sync::Mutex<ItemStack>>`), locks that item to inspect and change it, and then
// fires the event to the plugin handlers (a `send_cancellable!` macro around
// `plugin_manager.fire(event)`) while the item guard is still alive. A handler that reads the
// event's item locks the same mutex and the connection task hangs for ever. The fix drops the
// guard before firing and locks again afterwards.
//
// What racelint would need: a call to `dyn` handlers (trait objects registered at run time)
// that receive an `Arc<Mutex<_>>` whose guard the caller holds: the handlers' bodies are
// unknown, but passing a locked mutex to unknown code that is expected to read it is the
// hazard. At least the crate's own implementations of the handler trait should be followed
// (here `LogHandler` locks the item). Expected: double-lock at the `fire` call (line 62).
// No contrast: even the call through the concrete type (`contrast_concrete`, line 76) is
// silent, because the callee locks `InteractEvent.item` while the caller holds a guard of a
// local clone of the same `Arc` (the lock aliasing of miss-pumpkin-4), so this miss has two
// causes: dyn handlers and Arc aliasing.
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct ItemStack {
    pub count: u8,
}

pub struct InteractEvent {
    pub item: Arc<Mutex<ItemStack>>,
}

pub trait Handler: Send + Sync {
    fn handle<'a>(&'a self, event: &'a InteractEvent) -> futures::future::BoxFuture<'a, ()>;
}

pub struct LogHandler;

impl Handler for LogHandler {
    fn handle<'a>(&'a self, event: &'a InteractEvent) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            let item = event.item.lock().await;
            println!("interact with {}", item.count);
        })
    }
}

pub struct PluginManager {
    pub handlers: Vec<Box<dyn Handler>>,
}

impl PluginManager {
    pub async fn fire(&self, event: &InteractEvent) {
        for h in &self.handlers {
            h.handle(event).await;
        }
    }
}

pub async fn use_item(plugins: &PluginManager, item_in_hand: Arc<Mutex<ItemStack>>) {
    let event = InteractEvent { item: item_in_hand.clone() };
    let mut held = item_in_hand.lock().await;
    held.count = held.count.saturating_sub(1);
    plugins.fire(&event).await;
    drop(held);
}

impl LogHandler {
    pub async fn log(&self, event: &InteractEvent) {
        let item = event.item.lock().await;
        println!("interact with {}", item.count);
    }
}

pub async fn contrast_concrete(handler: &LogHandler, item_in_hand: Arc<Mutex<ItemStack>>) {
    let event = InteractEvent { item: item_in_hand.clone() };
    let held = item_in_hand.lock().await;
    handler.log(&event).await;
    drop(held);
}
