// A bed click takes the level time (through a getter returning the lock) and then the weather
// (through a getter returning the struct that holds it): the opposite order of the world's
// tick (world.rs).
use crate::world::World;

pub fn sleep(world: &World) {
    let time_lock = world.level_time();
    let time = time_lock.read().unwrap();
    let env = world.env();
    let mut weather = env.weather.lock().unwrap(); //~ lock-order-inversion
    if time.ticks > 12_000 {
        weather.raining = false;
    }
}
