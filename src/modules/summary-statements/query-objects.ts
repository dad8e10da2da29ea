/**
 * The SummaryStatementRun and SummaryStatement objects of the object query (`/object-query/summarystatementruns`,
 * `/object-query/summarystatements`) and ZOQL, over this module's tables. Field names are those of the
 * ExpandedSummaryStatementRun and ExpandedSummaryStatement schemas; a statement's run fields are read from
 * its run (a correlated subquery: one statement).
 */
import { qf, type QueryObject } from '../queries/contract.js';
import { DATE_RANGE_TYPES, TARGET_CATEGORIES } from './rules.js';

const RUN_STATUSES = ['Pending', 'Processing', 'Completed', 'Error'];
const fromRun = (name: string, type: 'text' | 'boolean', column: string, more = {}) => qf.via(name, type, { table: 'summary_statement_runs', key: 'id', from: 'summary_statements.run_id', column }, more);

export const summaryStatementQueryObjects: QueryObject[] = [
  {
    name: 'SummaryStatementRun',
    label: 'Summary Statement Run',
    path: 'summarystatementruns',
    operationIds: ['getSummaryStatementRuns', 'getSummaryStatementRun'],
    table: 'summary_statement_runs',
    numberField: 'StatementRunNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      qf.bool('AutoEmailEnabled', 'auto_email_enabled'),
      qf.text('BatchName', 'batch_name'),
      qf.text('BillCycleDay', 'bill_cycle_day'),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.pick('DateRangeType', 'date_range_type', [...DATE_RANGE_TYPES]),
      qf.text('Description', 'description'),
      qf.date('EndDate', 'end_date'),
      qf.text('ErrorMessage', 'error_message'),
      // a string in the schema
      qf.text('NumberOfAccounts', 'number_of_accounts'),
      qf.pick('RunType', 'run_type', ['AdHoc']),
      qf.date('StartDate', 'start_date'),
      qf.text('StatementRunNumber', 'number'),
      qf.pick('Status', 'status', RUN_STATUSES),
      qf.pick('TargetAccountCategory', 'target_account_category', [...TARGET_CATEGORIES]),
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
  },
  {
    name: 'SummaryStatement',
    label: 'Summary Statement',
    path: 'summarystatements',
    operationIds: ['getSummaryStatements', 'getSummaryStatement'],
    table: 'summary_statements',
    numberField: 'StatementNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      fromRun('AutoEmailEnabled', 'boolean', 'auto_email_enabled'),
      fromRun('BatchName', 'text', 'batch_name', { exact: false }),
      fromRun('BillCycleDay', 'text', 'bill_cycle_day', { exact: false }),
      qf.text('CreatedById', 'created_by'),
      qf.datetime('CreatedDate', 'created_at'),
      fromRun('DateRangeType', 'text', 'date_range_type', { exact: false }),
      qf.text('EmailStatus', 'email_status'),
      qf.date('EndDate', 'end_date'),
      qf.text('ErrorCategory', 'error_category'),
      qf.text('ErrorMessage', 'error_message'),
      qf.id('FileId', 'file_id'),
      fromRun('RunType', 'text', 'run_type', { exact: false }),
      qf.date('StartDate', 'start_date'),
      qf.date('StatementDate', 'statement_date'),
      qf.text('StatementNumber', 'number'),
      qf.id('StatementRunId', 'run_id'),
      fromRun('StatementRunNumber', 'text', 'number', { exact: false }),
      qf.pick('Status', 'status', ['Completed', 'Error']),
      fromRun('TargetAccountCategory', 'text', 'target_account_category', { exact: false }),
      qf.text('UpdatedById', 'updated_by'),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [{ name: 'summarystatementrun', property: 'summaryStatementRun', object: 'SummaryStatementRun', cardinality: 'one', localField: 'StatementRunId', remoteField: 'Id' }],
  },
];
