// Existence answered by the lookup's `Result`: diesel's `first(conn)` / `get_result(conn)`
// without `.optional()` fail with `Err(NotFound)` when no row matches, so `Ok(row)` means
// "found". The code after `if let Ok(row) = .. { return .. }`, after a `match` whose `Ok` arm
// leaves, or in an `Err(_)` branch, runs only where the row was absent: two requests both miss
// and both insert.
use diesel::prelude::*;
use diesel::result::Error;

diesel::table! {
    testbeds (id) {
        id -> Integer,
        project_id -> Integer,
        name -> Text,
    }
}

#[derive(Queryable)]
pub struct Testbed {
    pub id: i32,
    pub project_id: i32,
    pub name: String,
}

// `if let Ok(row) = .. { return }`, a free function
pub fn soft_create(conn: &mut PgConnection, project_id: i32, name: &str) -> Result<i32, Error> {
    if let Ok(existing) = testbeds::table
        .filter(testbeds::project_id.eq(project_id))
        .filter(testbeds::name.eq(name))
        .first::<Testbed>(conn)
    {
        return Ok(existing.id);
    }
    diesel::insert_into(testbeds::table)
        .values((testbeds::project_id.eq(project_id), testbeds::name.eq(name)))
        .execute(conn)?; //~ db-check-then-insert
    Ok(0)
}

pub struct Store {
    pub conn: std::sync::Mutex<PgConnection>,
}

impl Store {
    // a `match` whose `Ok` arm leaves and whose `Err(NotFound)` arm falls through, a method
    pub fn create_unique(&self, project_id: i32, name: &str) -> Result<(), String> {
        let mut conn = self.conn.lock().unwrap();
        match testbeds::table
            .filter(testbeds::project_id.eq(project_id))
            .filter(testbeds::name.eq(name))
            .first::<Testbed>(&mut *conn)
        {
            Ok(_) => return Err(format!("{name} exists")),
            Err(diesel::NotFound) => {}
            Err(e) => return Err(e.to_string()),
        }
        drop(conn);
        diesel::insert_into(testbeds::table)
            .values((testbeds::project_id.eq(project_id), testbeds::name.eq(name)))
            .execute(&mut *self.conn.lock().unwrap()) //~ db-check-then-insert
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    // the lookup bound first, then `match found { Ok(t) => return Ok(t), Err(e) => e }`
    pub fn get_or_create(&self, project_id: i32, name: &str) -> Result<i32, Error> {
        let found = testbeds::table
            .filter(testbeds::project_id.eq(project_id))
            .filter(testbeds::name.eq(name))
            .select(testbeds::id)
            .get_result::<i32>(&mut *self.conn.lock().unwrap());
        let _not_found = match found {
            Ok(id) => return Ok(id),
            Err(e) => e,
        };
        diesel::insert_into(testbeds::table)
            .values((testbeds::project_id.eq(project_id), testbeds::name.eq(name)))
            .execute(&mut *self.conn.lock().unwrap())?; //~ db-check-then-insert
        Ok(0)
    }
}

// the insert in the `Err(_)` branch of `if let`
pub fn insert_on_err(conn: &mut PgConnection, project_id: i32, name: &str) -> Result<(), Error> {
    if let Err(_) = testbeds::table
        .filter(testbeds::project_id.eq(project_id))
        .filter(testbeds::name.eq(name))
        .first::<Testbed>(conn)
    {
        diesel::insert_into(testbeds::table)
            .values((testbeds::project_id.eq(project_id), testbeds::name.eq(name)))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// through helpers: a lookup helper that returns the `Result` of `first` (matched as
// `Ok(t) => return ..`), then an insert helper
fn find_by_name(conn: &mut PgConnection, project_id: i32, name: &str) -> QueryResult<Testbed> {
    testbeds::table
        .filter(testbeds::project_id.eq(project_id))
        .filter(testbeds::name.eq(name))
        .first::<Testbed>(conn)
}

fn create_testbed(conn: &mut PgConnection, project_id: i32, name: &str) -> QueryResult<usize> {
    diesel::insert_into(testbeds::table)
        .values((testbeds::project_id.eq(project_id), testbeds::name.eq(name)))
        .execute(conn)
}

pub fn get_or_create_via_helpers(conn: &mut PgConnection, project_id: i32, name: &str) -> QueryResult<i32> {
    match find_by_name(conn, project_id, name) {
        Ok(t) => return Ok(t.id),
        Err(_) => {}
    }
    create_testbed(conn, project_id, name)?; //~ db-check-then-insert
    Ok(0)
}
