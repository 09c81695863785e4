import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import {
  bigqueryDataset,
  fileDataset,
  gcsDataset,
  kafkaDataset,
  mlflowRegistryUri,
  modelDataset,
  postgresDataset,
  s3Dataset,
  snowflakeDataset,
} from './naming';

describe('OpenLineage naming', () => {
  it('follows the naming spec for common stores', () => {
    expect(
      postgresDataset({ host: 'db', database: 'shop', schema: 'public', table: 'orders' }),
    ).toEqual({
      namespace: 'postgres://db:5432',
      name: 'shop.public.orders',
    });
    expect(s3Dataset('acme', '/churn/x.parquet')).toEqual({
      namespace: 's3://acme',
      name: 'churn/x.parquet',
    });
    expect(gcsDataset('acme', 'x.csv')).toEqual({ namespace: 'gs://acme', name: 'x.csv' });
    expect(fileDataset('/data/train.csv')).toEqual({ namespace: 'file', name: '/data/train.csv' });
    expect(fileDataset('train.csv').name).toBe(`${process.cwd()}/train.csv`);
    expect(kafkaDataset({ host: 'broker', port: 9093, topic: 'tx' })).toEqual({
      namespace: 'kafka://broker:9093',
      name: 'tx',
    });
    expect(bigqueryDataset({ project: 'p', dataset: 'd', table: 't' })).toEqual({
      namespace: 'bigquery',
      name: 'p.d.t',
    });
    expect(
      snowflakeDataset({
        organization: 'acme',
        account: 'xy1',
        database: 'DB',
        schema: 'S',
        table: 'T',
      }),
    ).toEqual({ namespace: 'snowflake://acme-xy1', name: 'DB.S.T' });
  });

  it('names models by registry URI', () => {
    expect(
      modelDataset({ registryUri: 'mlflow://mlflow:5000/', name: 'churn', version: '3' }),
    ).toEqual({
      namespace: 'mlflow://mlflow:5000',
      name: 'models/churn/versions/3',
    });
    expect(mlflowRegistryUri('http://mlflow.internal:5000/')).toBe('mlflow://mlflow.internal:5000');
  });

  it('rejects bad parts with a typed error naming the field', () => {
    expect(() => s3Dataset('', 'x')).toThrow(/bucket/);
    expect(() =>
      postgresDataset({ host: 'db', port: 70_000, database: 'a', schema: 'b', table: 'c' }),
    ).toThrow(/port/);
    try {
      modelDataset({ registryUri: 'not a uri', name: 'churn', version: '3' });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as InvalidInputError).details?.['field']).toBe('registryUri');
    }
    expect(() => mlflowRegistryUri('::')).toThrow(/trackingUrl/);
  });
});
