// Every text the customer reads, in one place (the customers are Russian speakers). Nothing else in web/
// holds a sentence a customer sees.

const rub = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });
const date = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' });

function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

export const TEXTS = {
  brand: 'Занятия Компании 2',
  nav: { services: 'Услуги', orders: 'Мои заказы' },
  services: {
    title: 'Услуги',
    intro: 'Выберите занятие, чтобы записаться.',
    book: 'Записаться',
    lessons: (n: number) => `${n} ${plural(n, 'занятие', 'занятия', 'занятий')}`,
    validity: (days: number) => `действует ${days} ${plural(days, 'день', 'дня', 'дней')}`,
  },
  confirm: {
    title: 'Подтверждение записи',
    lead: 'Проверьте запись: заказ появится в приложении Компании 1, менеджер свяжется с вами.',
    customer: 'Покупатель',
    price: 'Стоимость',
    submit: 'Подтвердить запись',
    back: 'Вернуться к услугам',
  },
  orders: {
    title: 'Мои заказы',
    empty: 'Заказов пока нет.',
    open: 'Подробнее',
    number: (id: string) => `Заказ № ${id}`,
  },
  order: {
    title: (id: string) => `Заказ № ${id}`,
    timeline: 'Ход заказа',
    live: 'Страница обновляется сама.',
    cancel: 'Отменить заказ',
    cancelHint: 'Отменить можно, пока заказ не взят в работу.',
    cancelRequested: 'Отмена запрошена, ждём подтверждения…',
    cancelRefused: 'Отменить заказ уже нельзя: он взят в работу.',
    cancelled: 'Вы отменили заказ.',
    back: 'Ко всем заказам',
  },
  steps: {
    created: 'Заказ создан',
    'in-amocrm': 'Заказ передан менеджеру',
    approved: 'Запись подтверждена',
    in_work: 'Занятия начались',
    cost: (cost: number) => `Стоимость: ${rub.format(cost)}`,
    paid: 'Оплачено',
    lessons: (used: number, total: number) => `Пройдено занятий: ${used} из ${total}`,
    executed: 'Заказ выполнен',
    rejected: 'Заказ отменён',
    pending: 'ожидается',
  },
  status: {
    on_approval: 'В обработке',
    approved: 'Подтверждён',
    in_work: 'В работе',
    executed: 'Выполнен',
    rejected: 'Отменён',
  } as Record<string, string>,
  signIn: {
    title: 'Нужно войти заново',
    body: 'Откройте эту страницу ещё раз из приложения Компании 1: ссылка для входа устарела или недействительна.',
  },
  errors: {
    notFoundTitle: 'Не найдено',
    notFound: 'Такой страницы или заказа нет.',
    csrfTitle: 'Форма устарела',
    csrf: 'Обновите страницу и попробуйте ещё раз.',
    tooManyTitle: 'Слишком много записей',
    tooMany: 'Вы записались много раз подряд. Попробуйте позже.',
    unavailableTitle: 'Сервис временно недоступен',
    unavailable: 'Не получилось связаться с сервисом. Попробуйте ещё раз через минуту.',
    badRequestTitle: 'Неверный запрос',
    badRequest: 'Форма заполнена неверно. Вернитесь назад и попробуйте ещё раз.',
    cannotCancelTitle: 'Отменить нельзя',
  },
  price: (cost: number) => rub.format(cost),
  at: (iso: string) => dateTime.format(new Date(iso)),
  until: (isoDate: string) => `до ${date.format(new Date(isoDate))}`,
  /** The note Company 2's managers read in the deal's feed. */
  cancelNote: (orderId: string) => `Покупатель отменил заказ № ${orderId} в приложении Компании 1.`,
} as const;
