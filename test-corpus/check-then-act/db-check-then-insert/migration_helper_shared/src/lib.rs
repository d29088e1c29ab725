// A helper that a migration step calls and a request handler calls too.
mod m0001_roles;

pub use m0001_roles::api_ensure_role;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_roles::Migration)]
    }
}
