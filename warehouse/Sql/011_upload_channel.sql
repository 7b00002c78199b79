-- Forms sent through the dashboard (browser or API) are received on the channel 'upload', with the account that sent them.
alter table received_file drop constraint received_file_channel_check;
alter table received_file add constraint received_file_channel_check check (channel in ('inbox', 'import', 'upload'));
alter table received_file add column account_name text;
comment on column received_file.account_name is 'For an upload, the user name of the account that sent the file; null for the inbox and the import command.';
create index ix_received_file_account_name on received_file (account_name) where account_name is not null;
