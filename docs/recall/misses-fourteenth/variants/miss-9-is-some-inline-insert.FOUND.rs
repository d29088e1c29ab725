// garage cff702a9 shape: create-bucket checks the alias table for the name, creates the bucket,
// and a helper inserts the alias. Two concurrent creates with the same name both pass the check.
use std::sync::Arc;

pub struct EmptyKey;

pub struct Alias {
    name: String,
    bucket: Option<u64>,
}

pub struct Bucket {
    id: u64,
}

pub struct Table<E> {
    _e: std::marker::PhantomData<E>,
}

impl<E> Table<E> {
    pub async fn get(&self, _pk: &EmptyKey, _sk: &str) -> Result<Option<E>, String> {
        Ok(None)
    }
    pub async fn insert(&self, _e: &E) -> Result<(), String> {
        Ok(())
    }
}

pub struct Garage {
    alias_table: Table<Alias>,
    bucket_table: Table<Bucket>,
}

pub struct BucketHelper<'a>(&'a Garage);

impl Garage {
    pub fn bucket_helper(&self) -> BucketHelper<'_> {
        BucketHelper(self)
    }
}

impl<'a> BucketHelper<'a> {
    pub async fn set_global_alias(&self, bucket_id: u64, name: &str) -> Result<(), String> {
        let alias = Alias { name: name.to_string(), bucket: Some(bucket_id) };
        self.0.alias_table.insert(&alias).await
    }
}

pub async fn handle_create_bucket(garage: &Arc<Garage>, name: &str, id: u64) -> Result<(), String> {
    if garage.alias_table.get(&EmptyKey, name).await?.is_some() {
        return Err(format!("bucket {name} already exists"));
    }

    let bucket = Bucket { id };
    garage.bucket_table.insert(&bucket).await?;

    let alias = Alias { name: name.to_string(), bucket: Some(bucket.id) };
    garage.alias_table.insert(&alias).await?;
    Ok(())
}
