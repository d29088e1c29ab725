create table subgraphs.copy_state(
   src int not null,
   dst int primary key,
   target_block int not null
);
