// Address formatting per country (src/domain/address.ts): the postcode where each country puts it.
import { describe, expect, test } from 'vitest';
import { formatAddressLines, formatAddressWithCountry, type AddressParts } from '../../src/domain/address';

const addr = (p: Partial<AddressParts>): AddressParts => ({
  street: '',
  city: '',
  postcode: '',
  region: '',
  country: '',
  ...p,
});

describe('formatAddressLines', () => {
  test('Germany: postcode before the city', () => {
    expect(
      formatAddressLines(addr({ street: 'Unter den Linden 1', postcode: '10115', city: 'Berlin', country: 'DE' })),
    ).toEqual(['Unter den Linden 1', '10115 Berlin']);
  });
  test('United States: city, state and ZIP on one line', () => {
    expect(
      formatAddressLines(
        addr({ street: '12 Main St', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' }),
      ),
    ).toEqual(['12 Main St', 'Springfield, IL 62701']);
  });
  test('United Kingdom: the postcode on a line of its own', () => {
    expect(
      formatAddressLines(addr({ street: '10 Downing Street', city: 'London', postcode: 'SW1A 2AA', country: 'GB' })),
    ).toEqual(['10 Downing Street', 'London', 'SW1A 2AA']);
  });
  test('China in Chinese script: province, city, district and street big to small, then the postcode', () => {
    expect(
      formatAddressLines(
        addr({ street: '浦东新区世纪大道100号', city: '上海市', region: '上海', postcode: '200120', country: 'CN' }),
      ),
    ).toEqual(['上海上海市浦东新区世纪大道100号', '200120']);
    expect(
      formatAddressLines(
        addr({ street: '天河区体育西路1号', city: '广州市', region: '广东省', postcode: '510620', country: 'CN' }),
      ),
    ).toEqual(['广东省广州市天河区体育西路1号', '510620']);
  });
  test('China written in Latin letters: small to big', () => {
    expect(
      formatAddressLines(
        addr({ street: '100 Century Ave', city: 'Shanghai', region: 'Shanghai', postcode: '200120', country: 'CN' }),
      ),
    ).toEqual(['100 Century Ave', 'Shanghai', 'Shanghai, 200120']);
  });
  test('Japan in Japanese script: 〒 and the postcode first', () => {
    expect(
      formatAddressLines(
        addr({ street: '千代田1-1', city: '千代田区', region: '東京都', postcode: '100-0001', country: 'JP' }),
      ),
    ).toEqual(['〒100-0001', '東京都千代田区千代田1-1']);
  });
  test('missing parts leave no stray separators', () => {
    expect(formatAddressLines(addr({ city: 'Springfield', postcode: '62701', country: 'US' }))).toEqual([
      'Springfield 62701',
    ]);
    expect(formatAddressLines(addr({ region: 'IL', country: 'US' }))).toEqual(['IL']);
    expect(formatAddressLines(addr({ street: '千代田1-1', city: '千代田区', country: 'JP' }))).toEqual([
      '千代田区千代田1-1',
    ]);
    expect(formatAddressLines(addr({}))).toEqual([]);
  });
  test('countries without their own format: postcode before the city (most of Europe), unknown country too', () => {
    expect(
      formatAddressLines(addr({ street: 'Rue de Rivoli 1', postcode: '75001', city: 'Paris', country: 'FR' })),
    ).toEqual(['Rue de Rivoli 1', '75001 Paris']);
    expect(formatAddressLines(addr({ street: 'X 1', postcode: '1234', city: 'Y', region: 'Z' }))).toEqual([
      'X 1',
      '1234 Y',
      'Z',
    ]);
  });
});

test('formatAddressWithCountry: the country last in Latin script, first for a Chinese-script address', () => {
  expect(formatAddressWithCountry(addr({ city: 'Berlin', postcode: '10115', country: 'DE' }), 'Germany')).toEqual([
    '10115 Berlin',
    'Germany',
  ]);
  expect(formatAddressWithCountry(addr({ city: '上海市', street: '世纪大道100号', country: 'CN' }), '中国')).toEqual([
    '中国',
    '上海市世纪大道100号',
  ]);
  expect(formatAddressWithCountry(addr({ country: 'DE' }), 'Germany')).toEqual(['Germany']);
  expect(formatAddressWithCountry(addr({ city: 'Berlin', country: 'DE' }), '')).toEqual(['Berlin']);
});
