// View lineage from a printed rule action (PostgreSQL 15 output): only the top-level target list counts,
// escaped names are unescaped, expressions have no source, and range-table column lists are ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viewColumnSources } from './view-lineage.ts';

const ACTION = '({QUERY :commandType 1 :querySource 0 :canSetTag true :utilityStmt <> :resultRelation 0 :hasAggs false :rtable ('
  + '{RANGETBLENTRY :alias <> :eref {ALIAS :aliasname lt :colnames ("id" "a\\ b" "c\\(d")} :rtekind 0 :relid 18686 :relkind r}) '
  + ':jointree {FROMEXPR :fromlist ({RANGETBLREF :rtindex 3}) :quals <>} :targetList ('
  + '{TARGETENTRY :expr {VAR :varno 3 :varattno 1 :vartype 23} :resno 1 :resname key :ressortgroupref 0 :resorigtbl 18686 :resorigcol 1 :resjunk false} '
  + '{TARGETENTRY :expr {VAR :varno 3 :varattno 2 :vartype 25} :resno 2 :resname x\\ y :ressortgroupref 0 :resorigtbl 18686 :resorigcol 2 :resjunk false} '
  + '{TARGETENTRY :expr {OPEXPR :opno 551 :args ({VAR :varno 3} {CONST :constvalue 4 [ 1 0 0 0 ]})} :resno 3 :resname expr :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false} '
  + '{TARGETENTRY :expr {VAR :varno 3 :varattno 3} :resno 4 :resname <> :resorigtbl 18686 :resorigcol 3 :resjunk true}'
  + ') :override 0 :onConflict <>})';

test('reads the top-level target list of a view', () => {
  assert.deepEqual(viewColumnSources(ACTION), [
    { column: 'key', relOid: 18686, attnum: 1 },
    { column: 'x y', relOid: 18686, attnum: 2 },
    { column: 'expr', relOid: 0, attnum: 0 },
  ]);
});

test('target lists of subqueries are not the view columns', () => {
  const nested = '({QUERY :rtable ({RANGETBLENTRY :subquery {QUERY :targetList ({TARGETENTRY :resname inner :resorigtbl 1 :resorigcol 1 :resjunk false})}}) '
    + ':targetList ({TARGETENTRY :expr {VAR} :resname outer :resorigtbl 0 :resorigcol 0 :resjunk false})})';
  assert.deepEqual(viewColumnSources(nested), [{ column: 'outer', relOid: 0, attnum: 0 }]);
});

test('garbage gives no columns rather than throwing', () => {
  assert.deepEqual(viewColumnSources(''), []);
  assert.deepEqual(viewColumnSources('((({{{'), []);
});
